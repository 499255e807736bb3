// Every method equals direct: randomized specs (fixed seed) through Convolver, across every
// padding mode, border mode, stride, dilation and operation, with odd, even and rectangular
// kernels in banks of 1 to 4. Separable runs on rank-1 banks; asked explicitly for a bank that is
// not rank 1 it must throw.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "bank_problems.hpp"
#include "convscope/convolve.hpp"
#include "convscope/errors.hpp"

using namespace convscope;
using convscope::testing::random_values;
using convscope::testing::views;

namespace {

// A bank of n random kh x kw kernels; rank_one makes each an outer product (rank 1 up to float
// rounding), so separable can run it.
std::vector<Plane> random_bank(int n, int kh, int kw, bool rank_one, std::mt19937& rng) {
  std::vector<Plane> bank;
  for (int i = 0; i < n; ++i) {
    if (!rank_one) {
      bank.emplace_back(kh, kw, random_values(kh * kw, rng));
      continue;
    }
    const std::vector<float> column = random_values(kh, rng), row = random_values(kw, rng);
    Plane k(kh, kw);
    for (int y = 0; y < kh; ++y)
      for (int x = 0; x < kw; ++x) k.at(y, x) = column[y] * row[x];
    bank.push_back(std::move(k));
  }
  return bank;
}

std::string describe(const Plane& image, const std::vector<Plane>& bank, const ConvSpec& spec) {
  std::ostringstream s;
  s << image.height << " x " << image.width << " image, " << bank.size() << " kernels "
    << bank[0].height << " x " << bank[0].width << ", padding " << to_string(spec.padding);
  if (spec.padding == PaddingMode::explicit_) {
    s << " " << spec.pad.top << "," << spec.pad.bottom << "," << spec.pad.left << ","
      << spec.pad.right;
  }
  s << ", border " << to_string(spec.border) << " (" << spec.border_value << "), stride "
    << spec.stride.y << "," << spec.stride.x << ", dilation " << spec.dilation.y << ","
    << spec.dilation.x << ", " << to_string(spec.op);
  return s.str();
}

// The team's "agrees": max abs error <= 1e-4 x sum |kernel| x max |padded image| (the padded
// image holds border_value too when the border is constant).
void require_agrees(const std::vector<Plane>& got, const std::vector<Plane>& expected,
                    const Plane& image, const std::vector<Plane>& bank, const ConvSpec& spec) {
  float image_max = spec.border == BorderMode::constant ? std::fabs(spec.border_value) : 0.0f;
  for (float v : image.data) image_max = std::max(image_max, std::fabs(v));
  REQUIRE(got.size() == expected.size());
  for (std::size_t n = 0; n < got.size(); ++n) {
    float kernel_sum = 0.0f;
    for (float v : bank[n].data) kernel_sum += std::fabs(v);
    REQUIRE(got[n].height == expected[n].height);
    REQUIRE(got[n].width == expected[n].width);
    float worst = 0.0f;
    for (std::size_t i = 0; i < got[n].data.size(); ++i) {
      const float error = std::fabs(got[n].data[i] - expected[n].data[i]);
      if (!(error <= worst)) worst = error;  // NaN sticks
    }
    INFO("kernel " << n);
    REQUIRE(worst <= 1e-4f * kernel_sum * image_max);
  }
}

// Trial t takes padding mode t % 4, border mode (t / 4) % 6 and operation (t / 24) % 2, so every
// one of the 48 combinations comes up in every 48 trials; the numbers are drawn.
ConvSpec spec_for_trial(int trial, std::mt19937& rng) {
  std::uniform_int_distribution<int> step(1, 3), pad(0, 5);
  ConvSpec spec;
  spec.padding = static_cast<PaddingMode>(trial % 4);
  spec.border = static_cast<BorderMode>(trial / 4 % 6);
  spec.op = static_cast<Operation>(trial / 24 % 2);
  spec.stride = {step(rng), step(rng)};
  spec.dilation = {step(rng), step(rng)};
  spec.pad = {pad(rng), pad(rng), pad(rng), pad(rng)};
  spec.border_value = std::uniform_real_distribution<float>(-2.0f, 2.0f)(rng);
  return spec;
}

// An image side at least `drawn` on which a window of k_eff fits: 'same' and 'full' always fit
// (so sides from 1 come up, kernels larger than the image too), 'valid' needs k_eff, explicit
// padding k_eff less the padded pixels.
int image_side(int drawn, int k_eff, const ConvSpec& spec, int pad_before, int pad_after) {
  switch (spec.padding) {
    case PaddingMode::valid:
      return std::max(drawn, k_eff);
    case PaddingMode::explicit_:
      return std::max(drawn, k_eff - pad_before - pad_after);
    default:
      return drawn;
  }
}

}  // namespace

TEST_CASE("every method equals direct on randomized specs, and separable only on rank 1") {
  std::mt19937 rng(20261125);
  std::uniform_int_distribution<int> side(1, 30), kernel_side(1, 8), bank_size(1, 4);
  // One Convolver per method for the whole run: their cached plans, spectra and buffers must
  // follow every change of size, kernel and spec.
  Convolver reference, im2col, fft, fft_kiss, separable, automatic;
  int separable_runs = 0, separable_refusals = 0;
  for (int trial = 0; trial < 400; ++trial) {
    ConvSpec spec = spec_for_trial(trial, rng);
    const int kh = kernel_side(rng), kw = kernel_side(rng);
    const int h =
        image_side(side(rng), spec.dilation.y * (kh - 1) + 1, spec, spec.pad.top, spec.pad.bottom);
    const int w =
        image_side(side(rng), spec.dilation.x * (kw - 1) + 1, spec, spec.pad.left, spec.pad.right);
    const Plane image(h, w, random_values(h * w, rng));
    const int n = bank_size(rng);
    const std::vector<Plane> general = random_bank(n, kh, kw, false, rng);
    const std::vector<Plane> rank_one = random_bank(n, kh, kw, true, rng);

    for (const std::vector<Plane>* bank : {&general, &rank_one}) {
      const bool is_rank_one = bank == &rank_one || kh == 1 || kw == 1;
      INFO("trial " << trial << ": " << describe(image, *bank, spec)
                    << (bank == &rank_one ? ", rank-1 bank" : ", random bank"));
      const std::vector<PlaneView> kernels = views(*bank);
      std::vector<Plane> expected, got;
      spec.method = Method::direct;
      REQUIRE(reference.run(image.view(), kernels, spec, expected) == Method::direct);

      struct Run {
        Method method;
        Convolver* convolver;
      };
      for (const Run& run :
           {Run{Method::im2col, &im2col}, Run{Method::fft, &fft}, Run{Method::fft_kiss, &fft_kiss},
            Run{Method::separable, &separable}, Run{Method::auto_, &automatic}}) {
        INFO("method " << to_string(run.method));
        spec.method = run.method;
        if (run.method == Method::separable && !is_rank_one) {
          REQUIRE_THROWS_AS(run.convolver->run(image.view(), kernels, spec, got), RangeError);
          ++separable_refusals;
          continue;
        }
        const Method ran = run.convolver->run(image.view(), kernels, spec, got);
        if (run.method != Method::auto_) REQUIRE(ran == run.method);
        REQUIRE(ran != Method::auto_);
        if (run.method == Method::separable) ++separable_runs;
        require_agrees(got, expected, image, *bank, spec);
      }
    }
  }
  // Both branches of the separable check ran many times.
  REQUIRE(separable_runs >= 400);
  REQUIRE(separable_refusals >= 200);
}

TEST_CASE("auto on a mixed bank: rank-1 kernels may run separable, every map still equals direct") {
  std::mt19937 rng(31);
  const Plane image(96, 80, random_values(96 * 80, rng));
  // Interleaved: 9x9 rank-1 kernels (18 taps a pixel separable, cheaper than anything else) and
  // 9x9 random ones.
  std::vector<Plane> rank1 = random_bank(2, 9, 9, true, rng);
  std::vector<Plane> full = random_bank(2, 9, 9, false, rng);
  const std::vector<PlaneView> bank{rank1[0].view(), full[0].view(), rank1[1].view(),
                                    full[1].view()};
  ConvSpec spec;
  spec.border = BorderMode::reflect;
  Convolver convolver;
  std::vector<Plane> maps, expected;
  const Method returned = convolver.run(image.view(), bank, spec, maps);
  const std::vector<Method> methods = convolver.methods();
  spec.method = Method::direct;
  Convolver reference;
  reference.run(image.view(), bank, spec, expected);

  REQUIRE(methods.size() == 4);
  CHECK(methods[0] == Method::separable);
  CHECK(methods[2] == Method::separable);
  CHECK(methods[1] != Method::separable);
  CHECK(methods[3] == methods[1]);
  CHECK(returned == methods[1]);
  for (std::size_t n = 0; n < bank.size(); ++n) {
    double sum_abs = 0, max_err = 0;
    for (float w : (n % 2 ? full[n / 2] : rank1[n / 2]).data) sum_abs += std::fabs(w);
    for (std::size_t i = 0; i < maps[n].data.size(); ++i) {
      max_err = std::max(max_err, double(std::fabs(maps[n].data[i] - expected[n].data[i])));
    }
    INFO("kernel " << n << " by " << to_string(methods[n]));
    CHECK(max_err <= 1e-4 * sum_abs);  // images in [-1, 1]
  }
}
