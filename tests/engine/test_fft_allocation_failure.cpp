// An allocation that fails while FftCorrelator builds a plan must not leave the plan marked as
// built: the next call with the same sizes (the next live frame) has to rebuild it, not run on
// buffers of the old sizes. This binary's operator new can be told to fail for large requests.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdlib>
#include <new>
#include <random>
#include <vector>

#include "algorithms.hpp"

namespace {

bool fail_large_allocations = false;

// Every replaceable form of operator new and delete comes down to these malloc / free pairs, so
// whatever form allocated a block, the form that frees it matches (AddressSanitizer checks that).
void* allocate(std::size_t bytes) noexcept {
  if (fail_large_allocations && bytes > 20000) return nullptr;
  return std::malloc(bytes ? bytes : 1);
}

void* allocate_or_throw(std::size_t bytes) {
  if (void* p = allocate(bytes)) return p;
  throw std::bad_alloc();
}

}  // namespace

void* operator new(std::size_t bytes) { return allocate_or_throw(bytes); }
void* operator new[](std::size_t bytes) { return allocate_or_throw(bytes); }
void* operator new(std::size_t bytes, const std::nothrow_t&) noexcept { return allocate(bytes); }
void* operator new[](std::size_t bytes, const std::nothrow_t&) noexcept { return allocate(bytes); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }

using namespace convscope;

namespace {

BankProblem valid_problem(const Plane& source, const std::vector<Plane>& kernels) {
  BankProblem problem;
  problem.source = source.view();
  for (const Plane& k : kernels) problem.kernels.push_back(k.view());
  problem.out_h = source.height - kernels[0].height + 1;
  problem.out_w = source.width - kernels[0].width + 1;
  return problem;
}

}  // namespace

TEST_CASE("fft: a plan whose allocation failed is rebuilt on the next call") {
  std::mt19937 rng(5);
  std::uniform_real_distribution<float> value(-1.0f, 1.0f);
  auto random_plane = [&](int h, int w) {
    Plane p(h, w);
    for (float& v : p.data) v = value(rng);
    return p;
  };
  std::vector<Plane> kernels;
  for (int k = 0; k < 4; ++k) kernels.push_back(random_plane(9, 9));
  FftCorrelator fft(FftLibrary::batch);
  const Plane small = random_plane(40, 40);
  const BankProblem first = valid_problem(small, kernels);
  std::vector<Plane> small_maps(4, Plane(first.out_h, first.out_w));
  fft.run(first, small_maps);

  const Plane large = random_plane(600, 600);
  const BankProblem second = valid_problem(large, kernels);
  std::vector<Plane> maps(4, Plane(second.out_h, second.out_w));
  fail_large_allocations = true;
  CHECK_THROWS_AS(fft.run(second, maps), std::bad_alloc);
  fail_large_allocations = false;

  fft.run(second, maps);
  std::vector<Plane> expected(4, Plane(second.out_h, second.out_w));
  correlate_direct(second, expected);
  for (int k = 0; k < 4; ++k) {
    double sum_abs = 0, max_err = 0;
    for (float w : kernels[k].data) sum_abs += std::fabs(w);
    for (std::size_t i = 0; i < maps[k].data.size(); ++i)
      max_err = std::max(max_err, double(std::fabs(maps[k].data[i] - expected[k].data[i])));
    INFO("kernel " << k);
    CHECK(max_err <= 1e-4 * sum_abs);  // images in [-1, 1]
  }
}
