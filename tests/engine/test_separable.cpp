// Separable kernels: the rank-1 test and its tolerance, and the row-then-column passes against the
// direct reference.
#include <catch2/catch.hpp>
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "algorithms.hpp"
#include "bank_problems.hpp"
#include "convscope/errors.hpp"

using namespace convscope;
using namespace convscope::testing;

namespace {

// column x row, multiplied in float: rank 1 up to float rounding.
Plane outer(const std::vector<float>& column, const std::vector<float>& row) {
  Plane k(static_cast<int>(column.size()), static_cast<int>(row.size()));
  for (int i = 0; i < k.height; ++i)
    for (int j = 0; j < k.width; ++j) k.at(i, j) = column[i] * row[j];
  return k;
}

// exp(-(y^2 + x^2) / (2 sigma^2)) evaluated at every tap in float, not as an outer product: rank 1
// only up to the rounding of each tap.
Plane gaussian(int size, float sigma) {
  Plane k(size, size);
  const float c = (size - 1) / 2.0f;
  for (int i = 0; i < size; ++i)
    for (int j = 0; j < size; ++j)
      k.at(i, j) = std::exp(-((i - c) * (i - c) + (j - c) * (j - c)) / (2 * sigma * sigma));
  return k;
}

// The factors rebuild the kernel tap by tap (a check on factor()'s output, not just its verdict).
void require_rebuilds(const Plane& kernel, const std::vector<float>& column,
                      const std::vector<float>& row) {
  REQUIRE(column.size() == static_cast<std::size_t>(kernel.height));
  REQUIRE(row.size() == static_cast<std::size_t>(kernel.width));
  for (int i = 0; i < kernel.height; ++i)
    for (int j = 0; j < kernel.width; ++j)
      REQUIRE(column[i] * row[j] == Approx(kernel.at(i, j)).margin(1e-6f * max_abs(kernel.view())));
}

}  // namespace

TEST_CASE("gaussian, box and Sobel kernels factor into a column and a row") {
  std::vector<float> column, row;
  SECTION("gaussian 31x31, sigma 5, evaluated per tap") {
    const Plane k = gaussian(31, 5.0f);
    REQUIRE(SeparableCorrelator::factor(k.view(), column, row));
    require_rebuilds(k, column, row);
  }
  SECTION("box 5x5 and a rectangular box 3x8") {
    for (const Plane& k : {Plane(5, 5, 1.0f / 25), Plane(3, 8, 1.0f)}) {
      REQUIRE(SeparableCorrelator::factor(k.view(), column, row));
      require_rebuilds(k, column, row);
    }
  }
  SECTION("Sobel x = [1 2 1]^T [1 0 -1] and Sobel y") {
    const Plane sobel_x(3, 3, {1, 0, -1, 2, 0, -2, 1, 0, -1});
    const Plane sobel_y(3, 3, {1, 2, 1, 0, 0, 0, -1, -2, -1});
    for (const Plane& k : {sobel_x, sobel_y}) {
      REQUIRE(SeparableCorrelator::factor(k.view(), column, row));
      require_rebuilds(k, column, row);
    }
  }
  SECTION("a single row, a single column, one tap and all zeros are rank 1 or less") {
    std::mt19937 rng(3);
    for (const Plane& k : {random_plane(1, 7, rng), random_plane(6, 1, rng), Plane(1, 1, -2.0f),
                           Plane(4, 4, 0.0f)}) {
      REQUIRE(SeparableCorrelator::factor(k.view(), column, row));
      require_rebuilds(k, column, row);
    }
  }
}

TEST_CASE("random, Laplacian and sharpen kernels do not factor") {
  std::mt19937 rng(5);
  std::vector<float> column, row;
  for (int trial = 0; trial < 20; ++trial) {
    INFO("random 5x5, trial " << trial);
    REQUIRE_FALSE(SeparableCorrelator::factor(random_plane(5, 5, rng).view(), column, row));
  }
  const Plane laplacian(3, 3, {0, 1, 0, 1, -4, 1, 0, 1, 0});
  const Plane sharpen(3, 3, {0, -1, 0, -1, 5, -1, 0, -1, 0});
  REQUIRE_FALSE(SeparableCorrelator::factor(laplacian.view(), column, row));
  REQUIRE_FALSE(SeparableCorrelator::factor(sharpen.view(), column, row));
}

TEST_CASE("the rank test's edge: residual 1e-6 x sum |k|") {
  // K = ones(5, 5) + delta * outer(s, s) with s = [1, -1, 0, 0, 0]: s is orthogonal to the ones,
  // so the best rank-1 fit is ones(5, 5) and the residual is delta * outer(s, s), of absolute sum
  // 4 delta, while sum |K| = 25. The edge 4 delta / 25 = 1e-6 is delta = 6.25e-6.
  // NumPy agrees: for delta = 3e-6, svd(K) gives sigma = [5, 6e-6] and the rank-1 fit misses by
  // 4.8e-7 of sum |K|.
  const std::vector<float> s = {1, -1, 0, 0, 0};
  auto kernel = [&](float delta) {
    Plane k(5, 5, 1.0f);
    for (int i = 0; i < 5; ++i)
      for (int j = 0; j < 5; ++j) k.at(i, j) += delta * s[i] * s[j];
    return k;
  };
  std::vector<float> column, row;
  REQUIRE(SeparableCorrelator::factor(kernel(3e-6f).view(), column, row));  // 4.8e-7: rank 1
  REQUIRE_FALSE(SeparableCorrelator::factor(kernel(1.2e-5f).view(), column, row));  // 1.9e-6
}

TEST_CASE("separable equals direct on rank-1 banks, strides and dilations") {
  std::mt19937 rng(17);
  SeparableCorrelator separable;  // one instance: its buffers are reused across sizes
  const auto rank1_kernel = [](int kh, int kw, std::mt19937& rng) {
    const std::vector<float> column = random_values(kh, rng);
    return outer(column, random_values(kw, rng));
  };
  require_random_problems_agree(
      150, rng, {}, rank1_kernel,
      [&](const BankProblem& p, std::vector<Plane>& out) { separable.run(p, out); });
}

TEST_CASE("separable refuses a bank naming its first non-rank-1 kernel, outputs untouched") {
  std::mt19937 rng(23);
  const Plane source = random_plane(20, 20, rng);
  const Plane smooth = gaussian(5, 1.0f);
  const Plane noise = random_plane(5, 5, rng);
  const BankProblem problem =
      make_problem(source, {smooth.view(), smooth.view(), noise.view(), noise.view()});
  std::vector<Plane> outputs = unwritten_outputs(problem);
  SeparableCorrelator separable;
  REQUIRE_THROWS_MATCHES(separable.run(problem, outputs), RangeError,
                         Catch::Matchers::Predicate<RangeError>(
                             [](const RangeError& e) {
                               return std::string(e.what()).find("kernel 2 is not rank 1") !=
                                      std::string::npos;
                             },
                             "message names kernel 2"));
  for (const Plane& out : outputs)
    for (float v : out.data) REQUIRE(std::isnan(v));
}
