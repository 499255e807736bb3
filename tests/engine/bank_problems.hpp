// Bank problems for the Catch2 tests of the correlators (fft, separable, im2col): building a
// 'valid' problem, random planes, NaN-filled outputs, and the team's "agrees with direct" check.
#pragma once

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstddef>
#include <limits>
#include <random>
#include <vector>

#include "algorithms.hpp"
#include "convscope/output_size.hpp"
#include "convscope/plane.hpp"

namespace convscope {
namespace testing {

// Views of planes (one per plane, same order). The views borrow the planes' pixels: the planes
// must outlive them and not be resized.
inline std::vector<PlaneView> views(const std::vector<Plane>& planes) {
  std::vector<PlaneView> out;
  for (const Plane& p : planes) out.push_back(p.view());
  return out;
}

// A 'valid' bank problem over source (Hp x Wp, no padding added) with kernels (all kh x kw);
// out_h and out_w from the one output-size formula. The problem's views borrow the source's and
// the kernels' pixels: those planes must outlive the problem.
inline BankProblem make_problem(const Plane& source, const std::vector<PlaneView>& kernels,
                                Pair stride = {}, Pair dilation = {}) {
  BankProblem problem;
  problem.source = source.view();
  problem.kernels = kernels;
  problem.stride = stride;
  problem.dilation = dilation;
  problem.out_h = output_axis(source.height, kernels[0].height, stride.y, dilation.y, 0, 0).out;
  problem.out_w = output_axis(source.width, kernels[0].width, stride.x, dilation.x, 0, 0).out;
  return problem;
}

// One owned out_h x out_w plane per kernel, filled with NaN, so a pixel the algorithm forgets to
// write fails the comparison.
inline std::vector<Plane> unwritten_outputs(const BankProblem& problem) {
  return std::vector<Plane>(problem.kernels.size(), Plane(problem.out_h, problem.out_w,
                                                          std::numeric_limits<float>::quiet_NaN()));
}

// n values uniform in [-1, 1), drawn in order from rng.
inline std::vector<float> random_values(int n, std::mt19937& rng) {
  std::uniform_real_distribution<float> value(-1.0f, 1.0f);
  std::vector<float> v(n);
  for (float& x : v) x = value(rng);
  return v;
}

// An owned h x w plane of random_values, row-major.
inline Plane random_plane(int h, int w, std::mt19937& rng) {
  return Plane(h, w, random_values(h * w, rng));
}

inline float max_abs(const PlaneView& plane) {
  float m = 0.0f;
  for (std::size_t i = 0; i < plane.size(); ++i) m = std::max(m, std::fabs(plane.data[i]));
  return m;
}

inline float sum_abs(const PlaneView& plane) {
  float s = 0.0f;
  for (std::size_t i = 0; i < plane.size(); ++i) s += std::fabs(plane.data[i]);
  return s;
}

// got (one out_h x out_w plane per kernel) against correlate_direct on the same problem, within
// the team's "agrees": max abs error <= 1e-4 x sum |kernel| x max |image|. Reports the worst
// pixel, where NaN (an unwritten output) counts as worst.
inline void require_agrees_with_direct(const BankProblem& problem, const std::vector<Plane>& got) {
  std::vector<Plane> expected = unwritten_outputs(problem);
  correlate_direct(problem, expected);
  const float image_max = max_abs(problem.source);
  REQUIRE(got.size() == expected.size());
  for (std::size_t n = 0; n < got.size(); ++n) {
    REQUIRE(got[n].height == expected[n].height);
    REQUIRE(got[n].width == expected[n].width);
    const float tolerance = 1e-4f * sum_abs(problem.kernels[n]) * image_max;
    std::size_t worst = 0;
    float worst_error = 0.0f;
    for (std::size_t i = 0; i < got[n].data.size(); ++i) {
      const float error = std::fabs(got[n].data[i] - expected[n].data[i]);
      if (!(error <= worst_error)) {
        worst = i;
        worst_error = error;
        if (std::isnan(error)) break;
      }
    }
    INFO("kernel " << n << ", pixel (" << worst / got[n].width << ", " << worst % got[n].width
                   << "): " << got[n].data[worst] << " vs " << expected[n].data[worst]);
    REQUIRE(worst_error <= tolerance);
  }
}

// A small bank with stride and dilation, and SciPy's answer (SciPy 1.10):
//   image = (arange(54).reshape(6, 9) % 7) - 3
//   expected[n] = correlate2d(image, kernels[n] dilated by (1, 2), 'valid')[::2, ::2]  (2 x 4)
struct ScipyBankCase {
  Plane image;
  std::vector<Plane> kernels;
  Pair stride{2, 2};
  Pair dilation{1, 2};
  std::vector<std::vector<float>> expected;
};

inline ScipyBankCase scipy_strided_dilated_bank() {
  ScipyBankCase c;
  c.image = Plane(6, 9);
  for (int i = 0; i < 54; ++i) c.image.data[i] = static_cast<float>(i % 7 - 3);
  c.kernels = {Plane(3, 2, {1, 2, 0, -1, 3, 1}), Plane(3, 2, {0.5f, 0, -2, 1, 1, 1})};
  c.expected = {{0, 5, 3, 1, 3, 1, -1, -3}, {5.5f, 1.5f, -9.5f, 7.5f, -9.5f, 7.5f, 0, -11}};
  return c;
}

// The ranges a randomized trial draws from (inclusive).
struct TrialRanges {
  int max_side = 40;  // image pixels beyond the dilated kernel, per axis
  int max_kernel = 9;
  int max_stride = 3;
  int max_dilation = 3;
  int max_bank = 4;
};

// `trials` random problems, each run by run(problem, outputs) into NaN-filled outputs and checked
// against direct. Draws, in order: stride y, x; dilation y, x; kh, kw; the image; the bank size;
// each kernel by make_kernel(kh, kw, rng). The image always fits at least one window.
template <typename MakeKernel, typename Run>
void require_random_problems_agree(int trials, std::mt19937& rng, const TrialRanges& ranges,
                                   MakeKernel make_kernel, Run run) {
  std::uniform_int_distribution<int> side(1, ranges.max_side), kernel_side(1, ranges.max_kernel),
      stride_step(1, ranges.max_stride), dilation_step(1, ranges.max_dilation),
      bank(1, ranges.max_bank);
  for (int trial = 0; trial < trials; ++trial) {
    const Pair stride{stride_step(rng), stride_step(rng)};
    const Pair dilation{dilation_step(rng), dilation_step(rng)};
    const int kh = kernel_side(rng), kw = kernel_side(rng);
    const int h = dilation.y * (kh - 1) + side(rng);
    const int w = dilation.x * (kw - 1) + side(rng);
    const Plane source = random_plane(h, w, rng);
    std::vector<Plane> kernels;
    for (int n = bank(rng); n > 0; --n) kernels.push_back(make_kernel(kh, kw, rng));
    const BankProblem problem = make_problem(source, views(kernels), stride, dilation);
    INFO("trial " << trial << ": " << h << " x " << w << " image, " << kernels.size() << " kernels "
                  << kh << " x " << kw << ", stride " << stride.y << "," << stride.x
                  << ", dilation " << dilation.y << "," << dilation.x);
    std::vector<Plane> outputs = unwritten_outputs(problem);
    run(problem, outputs);
    require_agrees_with_direct(problem, outputs);
  }
}

}  // namespace testing
}  // namespace convscope
