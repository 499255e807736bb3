// The cost model's estimates as the engine exports them (Convolver::estimate): auto's pick is the
// cheapest of the methods it lists, every listed method runs the bank, and auto, run, does what
// the estimate says it does, whole or split, on randomized banks of random and rank-1 kernels.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <random>
#include <vector>

#include "bank_problems.hpp"
#include "convscope/convolve.hpp"
#include "convscope/errors.hpp"
#include "convscope/estimate.hpp"

using namespace convscope;
using convscope::testing::random_values;
using convscope::testing::views;

namespace {

// kh x kw: random values, or an outer product (rank 1) when rank_one.
Plane random_kernel(int kh, int kw, bool rank_one, std::mt19937& rng) {
  if (!rank_one) return Plane(kh, kw, random_values(kh * kw, rng));
  const std::vector<float> column = random_values(kh, rng), row = random_values(kw, rng);
  Plane k(kh, kw);
  for (int y = 0; y < kh; ++y)
    for (int x = 0; x < kw; ++x) k.at(y, x) = column[y] * row[x];
  return k;
}

std::vector<Method> methods_of(const PartEstimate& part) {
  std::vector<Method> methods;
  for (const MethodEstimate& m : part.methods) methods.push_back(m.method);
  return methods;
}

// The pick is the first listed of the least estimates; every estimate is positive and finite.
void require_pick_is_cheapest(const PartEstimate& part) {
  REQUIRE(!part.methods.empty());
  const MethodEstimate* cheapest = &part.methods.front();
  for (const MethodEstimate& m : part.methods) {
    REQUIRE(std::isfinite(m.ms));
    REQUIRE(m.ms > 0.0);
    if (m.ms < cheapest->ms) cheapest = &m;
  }
  REQUIRE(part.pick == cheapest->method);
  REQUIRE(part.pick_ms() == cheapest->ms);
}

}  // namespace

TEST_CASE(
    "auto's estimates: the pick is the cheapest listed, every listed method runs, auto does "
    "what the estimate says") {
  std::mt19937 rng(20261204);
  std::uniform_int_distribution<int> side(8, 160), kernel_side(1, 21), bank_size(1, 4), step(1, 3),
      coin(0, 1);
  Convolver estimator, runner;
  int splits = 0, all_rank1 = 0, picks_other_than_direct = 0;
  for (int trial = 0; trial < 120; ++trial) {
    const int kh = kernel_side(rng), kw = kernel_side(rng);
    const int h = side(rng), w = side(rng);
    const Plane image(h, w, random_values(h * w, rng));
    std::vector<Plane> bank;
    std::vector<bool> rank1;
    const int n = bank_size(rng);
    const int mode = trial % 3;  // 0: random kernels, 1: rank 1 only, 2: a mix
    for (int i = 0; i < n; ++i) {
      const bool one = mode == 1 || (mode == 2 && coin(rng) == 1);
      bank.push_back(random_kernel(kh, kw, one, rng));
      rank1.push_back(one || (kh == 1 || kw == 1));
    }
    ConvSpec spec;
    spec.stride = {step(rng), step(rng)};
    spec.dilation = {step(rng), step(rng)};
    spec.op = static_cast<Operation>(trial % 2);
    const std::vector<PlaneView> kernels = views(bank);
    const CheckedBank checked =
        check_bank({image.height, image.width, kh, kw, static_cast<int>(bank.size())}, spec);
    const BankEstimate estimate = estimator.estimate(checked, kernels);
    INFO("trial " << trial << ": " << image.height << " x " << image.width << ", " << n
                  << " kernels " << kh << " x " << kw);

    const bool every_rank1 = std::all_of(rank1.begin(), rank1.end(), [](bool r) { return r; });
    std::vector<Method> expected = {Method::direct, Method::im2col, Method::fft};
    if (every_rank1) expected.push_back(Method::separable);
    REQUIRE(methods_of(estimate.whole) == expected);
    REQUIRE(estimate.whole.kernels.size() == bank.size());
    require_pick_is_cheapest(estimate.whole);
    all_rank1 += every_rank1;

    // Every listed method applies: it runs this bank.
    std::vector<Plane> outputs;
    for (Method method : expected) {
      spec.method = method;
      REQUIRE_NOTHROW(runner.run(image.view(), kernels, spec, outputs));
    }

    // auto runs what the estimate says.
    spec.method = Method::auto_;
    runner.run(image.view(), kernels, spec, outputs);
    std::vector<Method> predicted(bank.size(), estimate.whole.pick);
    if (estimate.split) {
      ++splits;
      require_pick_is_cheapest(estimate.separable);
      require_pick_is_cheapest(estimate.other);
      REQUIRE(estimate.separable.pick == Method::separable);
      REQUIRE(methods_of(estimate.other) ==
              std::vector<Method>{Method::direct, Method::im2col, Method::fft});
      for (int k : estimate.separable.kernels) predicted[k] = Method::separable;
      for (int k : estimate.other.kernels) predicted[k] = estimate.other.pick;
      REQUIRE(estimate.separable.kernels.size() + estimate.other.kernels.size() == bank.size());
      REQUIRE(estimate.ms() == estimate.separable.pick_ms() + estimate.other.pick_ms());
    } else {
      REQUIRE(estimate.ms() == estimate.whole.pick_ms());
    }
    REQUIRE(runner.methods() == predicted);
    picks_other_than_direct += predicted.front() != Method::direct;
  }
  // The cases above came up.
  CHECK(splits > 0);
  CHECK(all_rank1 > 0);
  CHECK(picks_other_than_direct > 0);
}

TEST_CASE("auto's estimates check the kernels' values as a run does") {
  const Plane image(16, 16, 1.0f);
  Plane kernel(3, 3, 1.0f);
  kernel.at(1, 2) = std::nanf("");
  const std::vector<PlaneView> kernels = {kernel.view()};
  const CheckedBank bank = check_bank({16, 16, 3, 3, 1}, ConvSpec{});
  Convolver convolver;
  try {
    convolver.estimate(bank, kernels);
    FAIL("no error for a NaN in a kernel");
  } catch (const RangeError& e) {
    CHECK(e.argument() == "kernels");
  }
}
