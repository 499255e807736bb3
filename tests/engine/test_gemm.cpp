// The GEMM behind im2col against the plain triple loop, on sizes that hit every tile edge.
#include <catch2/catch.hpp>
#include <cmath>
#include <random>
#include <vector>

#include "gemm.hpp"

using convscope::gemm;

namespace {

// The classic bound for a sum of k products in float32: |error| <= k * u * sum |a| |b|, u = 2^-24.
double error_bound(int k) { return k * std::ldexp(1.0, -24); }

// c = a * b by the textbook triple loop, in double: the reference.
std::vector<double> naive_product(int m, int n, int k, const std::vector<float>& a, int lda,
                                  const std::vector<float>& b, int ldb) {
  std::vector<double> c(static_cast<std::size_t>(m) * n, 0.0);
  for (int i = 0; i < m; ++i) {
    for (int j = 0; j < n; ++j) {
      for (int p = 0; p < k; ++p) c[i * n + j] += double(a[i * lda + p]) * b[p * ldb + j];
    }
  }
  return c;
}

// Fills a (m x k, leading dimension lda) and b (k x n, ldb) with values in [-1, 1], multiplies
// into c (ldc, its padding poisoned with NaN), and checks c against the triple loop. Returns the
// largest error relative to sum_p |a_ip| |b_pj|; the padding must stay untouched.
double worst_error(int m, int n, int k, int lda, int ldb, int ldc, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> value(-1.0f, 1.0f);
  std::vector<float> a(static_cast<std::size_t>(m) * lda), b(static_cast<std::size_t>(k) * ldb);
  for (float& x : a) x = value(rng);
  for (float& x : b) x = value(rng);
  std::vector<float> c(static_cast<std::size_t>(m) * ldc, std::nanf(""));
  gemm(m, n, k, a.data(), lda, b.data(), ldb, c.data(), ldc);
  const std::vector<double> expected = naive_product(m, n, k, a, lda, b, ldb);
  double worst = 0.0;
  for (int i = 0; i < m; ++i) {
    for (int j = 0; j < n; ++j) {
      double scale = 0.0;
      for (int p = 0; p < k; ++p) scale += std::fabs(a[i * lda + p] * b[p * ldb + j]);
      const double error = std::fabs(c[i * ldc + j] - expected[i * n + j]);
      worst = std::max(worst, scale > 0 ? error / scale : error);
    }
    for (int j = n; j < ldc; ++j) REQUIRE(std::isnan(c[i * ldc + j]));
  }
  return worst;
}

}  // namespace

TEST_CASE("gemm equals the triple loop on odd sizes, every row count and tile edge") {
  // m covers 1..4 (each register tile) and 5..9 (a full tile plus each remainder); n crosses the
  // 32-, 16- and 12-wide tiles, the 4-wide tile, the scalar edge, and the 512-column panel;
  // k crosses the 256-deep block.
  unsigned seed = 1;
  for (int m : {1, 2, 3, 4, 5, 6, 7, 9}) {
    for (int n : {1, 3, 5, 13, 37, 100, 515}) {
      for (int k : {1, 7, 31, 257, 600}) {
        INFO("m = " << m << ", n = " << n << ", k = " << k);
        REQUIRE(worst_error(m, n, k, k, n, n, seed++) <= error_bound(k));
      }
    }
  }
}

TEST_CASE("gemm honours leading dimensions wider than the matrices") {
  REQUIRE(worst_error(5, 37, 19, 23, 41, 44, 7) <= error_bound(19));
  REQUIRE(worst_error(4, 600, 300, 301, 613, 640, 8) <= error_bound(300));
}

TEST_CASE("gemm with k = 0 writes zeros") {
  std::vector<float> c(3 * 10, 5.0f);
  gemm(3, 10, 0, nullptr, 1, nullptr, 10, c.data(), 10);
  for (float v : c) REQUIRE(v == 0.0f);
}

TEST_CASE("gemm overwrites c rather than adding to it") {
  const std::vector<float> a = {1, 2, 3, 4};        // 2 x 2
  const std::vector<float> b = {1, 0, 2, 0, 1, 3};  // 2 x 3
  std::vector<float> c(6, 100.0f);
  gemm(2, 3, 2, a.data(), 2, b.data(), 3, c.data(), 3);
  REQUIRE(c == std::vector<float>{1, 2, 8, 3, 4, 18});
}

TEST_CASE("gemm reads TapRows windows in place as if they were copied out") {
  // b's row p = ky * kw + kx starts at image + ky * row_step + kx * tap_step. 17 x 17 taps make
  // 289 rows, so the second 256-row block starts mid kernel row (p = 256 is ky 15, kx 1).
  std::mt19937 rng(5);
  std::uniform_real_distribution<float> value(-1.0f, 1.0f);
  for (int kw : {1, 4, 17}) {
    const int kh = 17, m = 5, n = 37, width = 120;
    std::vector<float> image(static_cast<std::size_t>(2 * kh + 1) * width);
    for (float& x : image) x = value(rng);
    const convscope::TapRows rows{image.data(), kh, kw, 2L * width, 3};
    const int k = kh * kw;
    std::vector<float> a(static_cast<std::size_t>(m) * k), copied(static_cast<std::size_t>(k) * n);
    for (float& x : a) x = value(rng);
    for (int p = 0; p < k; ++p) {
      for (int j = 0; j < n; ++j)
        copied[p * n + j] = image[(p / kw) * 2 * width + (p % kw) * 3 + j];
    }
    std::vector<float> c(static_cast<std::size_t>(m) * n);
    gemm(m, n, a.data(), k, rows, c.data(), n);
    const std::vector<double> expected = naive_product(m, n, k, a, k, copied, n);
    for (int i = 0; i < m * n; ++i) {
      INFO("kw = " << kw << ", element " << i);
      REQUIRE(std::fabs(c[i] - expected[i]) <= error_bound(k) * k);
    }
  }
}

TEST_CASE("gemm with accumulate adds the product to c") {
  const std::vector<float> a = {1, 2, 3, 4};        // 2 x 2
  const std::vector<float> b = {1, 0, 2, 0, 1, 3};  // 2 x 3, as TapRows: 2 rows 3 apart
  std::vector<float> c(6, 100.0f);
  gemm(2, 3, a.data(), 2, convscope::TapRows{b.data(), 2, 1, 3, 0}, c.data(), 3, true);
  REQUIRE(c == std::vector<float>{101, 102, 108, 103, 104, 118});
}
