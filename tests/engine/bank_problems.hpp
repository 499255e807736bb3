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

}  // namespace testing
}  // namespace convscope
