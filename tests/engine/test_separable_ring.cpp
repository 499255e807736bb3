// The separable correlator keeps its row passes in a ring of up to 64 Ki floats per group of
// kernels (separable.cpp), so only images much taller than the random trials' (test_separable.cpp)
// wrap around it, and only there does a column pass read its rows in two parts.
#include <catch2/catch.hpp>
#include <random>
#include <vector>

#include "algorithms.hpp"
#include "bank_problems.hpp"

using namespace convscope;
using namespace convscope::testing;

TEST_CASE("separable agrees with direct on images tall enough to wrap its ring of row passes") {
  std::mt19937 rng(29);
  SeparableCorrelator separable;
  struct Case {
    int h, w, kh, kw, nk;
    Pair stride, dilation;
  };
  // Ring rows for a group of g kernels over out_w columns: 65536 / (g * out_w), at least the
  // rows one output row reads. These make rings of about 800 to 3300 rows, wrapped 1 to 9 times.
  const Case cases[] = {
      {7000, 20, 7, 7, 1, {1, 1}, {1, 1}}, {3000, 24, 5, 3, 5, {1, 1}, {1, 1}},
      {3000, 30, 9, 4, 2, {2, 1}, {1, 1}}, {4000, 26, 4, 5, 3, {3, 2}, {2, 1}},
      {2500, 40, 3, 6, 4, {1, 3}, {3, 2}}, {5000, 17, 6, 1, 1, {1, 1}, {5, 1}},
  };
  for (const Case& c : cases) {
    INFO(c.h << " x " << c.w << " image, " << c.nk << " kernels " << c.kh << " x " << c.kw
             << ", stride " << c.stride.y << "," << c.stride.x << ", dilation " << c.dilation.y
             << "," << c.dilation.x);
    const Plane source = random_plane(c.h, c.w, rng);
    std::vector<Plane> kernels;
    for (int n = 0; n < c.nk; ++n) {
      const std::vector<float> column = random_values(c.kh, rng), row = random_values(c.kw, rng);
      Plane k(c.kh, c.kw);
      for (int y = 0; y < c.kh; ++y)
        for (int x = 0; x < c.kw; ++x) k.at(y, x) = column[y] * row[x];
      kernels.push_back(k);
    }
    const BankProblem problem = make_problem(source, views(kernels), c.stride, c.dilation);
    std::vector<Plane> outputs = unwritten_outputs(problem);
    separable.run(problem, outputs);
    require_agrees_with_direct(problem, outputs);
  }
}
