// FFT correlation (overlap-save tiles) against SciPy and against the direct reference, over each
// FFT library: BatchFft (method fft) and KissFFT (method fft_kiss).
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <random>
#include <utility>
#include <vector>

#include "algorithms.hpp"
#include "bank_problems.hpp"

using namespace convscope;
using namespace convscope::testing;

// Runs the enclosing test case once per FFT library.
#define EACH_FFT_LIBRARY GENERATE(FftLibrary::batch, FftLibrary::kiss)

namespace {

bool is_fast_size(int n) {
  for (int p : {2, 3, 5})
    while (n % p == 0) n /= p;
  return n == 1;
}

}  // namespace

TEST_CASE("next_fast_size gives the next size with factors 2, 3 and 5 only") {
  // scipy.fftpack.next_fast_len (SciPy 1.10) for the same n.
  const std::vector<std::pair<int, int>> table = {
      {1, 1},     {2, 2},       {3, 3},       {4, 4},       {5, 5},        {6, 6},     {7, 8},
      {11, 12},   {13, 15},     {17, 18},     {31, 32},     {97, 100},     {121, 125}, {127, 128},
      {257, 270}, {1000, 1000}, {2079, 2160}, {4097, 4320}, {16639, 16875}};
  for (const auto& [n, expected] : table) {
    INFO("n = " << n);
    REQUIRE(next_fast_size(n) == expected);
  }
  // And no fast size is skipped: everything between n and the answer has another prime factor.
  for (int n = 1; n <= 3000; ++n) {
    const int m = next_fast_size(n);
    INFO("n = " << n << ", next_fast_size = " << m);
    REQUIRE(m >= n);
    REQUIRE(is_fast_size(m));
    for (int k = n; k < m; ++k) REQUIRE_FALSE(is_fast_size(k));
  }
}

TEST_CASE("fft runs a two-kernel bank with stride and dilation as SciPy does") {
  const ScipyBankCase c = scipy_strided_dilated_bank();
  const BankProblem problem = make_problem(c.image, views(c.kernels), c.stride, c.dilation);
  REQUIRE(problem.out_h == 2);
  REQUIRE(problem.out_w == 4);
  std::vector<Plane> outputs = unwritten_outputs(problem);
  FftCorrelator fft(EACH_FFT_LIBRARY);
  fft.run(problem, outputs);
  for (int n = 0; n < 2; ++n)
    for (int i = 0; i < 8; ++i)
      REQUIRE(outputs[n].data[i] == Approx(c.expected[n][i]).margin(1e-5));
}

TEST_CASE("fft of a 1x1 image with a 1x1 kernel is the product") {
  // correlate2d([[2.5]], [[-3]], 'valid') == [[-7.5]]
  const Plane image(1, 1, 2.5f);
  const Plane kernel(1, 1, -3.0f);
  const BankProblem problem = make_problem(image, {kernel.view()});
  std::vector<Plane> outputs = unwritten_outputs(problem);
  FftCorrelator fft(EACH_FFT_LIBRARY);
  fft.run(problem, outputs);
  REQUIRE(outputs[0].data[0] == Approx(-7.5f).margin(1e-6));
}

TEST_CASE("fft equals direct on randomized banks, strides and dilations") {
  std::mt19937 rng(7);
  FftCorrelator fft(
      EACH_FFT_LIBRARY);  // one instance: plans and spectra are rebuilt as sizes change
  require_random_problems_agree(
      150, rng, {}, random_plane,
      [&](const BankProblem& p, std::vector<Plane>& out) { fft.run(p, out); });
}

TEST_CASE("fft tiles a large image with a small kernel (overlap-save) and equals direct") {
  // 5x5 and 3x7 kernels on images hundreds of pixels wide: the plan cuts them into many tiles
  // (an odd count too, leaving the last complex transform half empty), with stride and dilation.
  std::mt19937 rng(11);
  FftCorrelator fft(EACH_FFT_LIBRARY);
  for (const Pair stride : {Pair{1, 1}, Pair{2, 3}}) {
    for (const Pair dilation : {Pair{1, 1}, Pair{3, 2}}) {
      const Plane source = random_plane(301, 517, rng);
      const std::vector<Plane> kernels = {random_plane(5, 5, rng), random_plane(5, 5, rng),
                                          random_plane(5, 5, rng)};
      const BankProblem problem = make_problem(source, views(kernels), stride, dilation);
      INFO("stride " << stride.y << "," << stride.x << ", dilation " << dilation.y << ","
                     << dilation.x);
      std::vector<Plane> outputs = unwritten_outputs(problem);
      fft.run(problem, outputs);
      require_agrees_with_direct(problem, outputs);
    }
  }
  const Plane wide = random_plane(97, 1203, rng);
  const Plane narrow = random_plane(3, 7, rng);
  const BankProblem problem = make_problem(wide, {narrow.view()});
  std::vector<Plane> outputs = unwritten_outputs(problem);
  fft.run(problem, outputs);
  require_agrees_with_direct(problem, outputs);
}

TEST_CASE("fft stays accurate in float on 2048x2048 with a 31x31 kernel") {
  // Sampled outputs (corners, the first and last rows and columns, random interior pixels)
  // against the sum taken in double: within the team's tolerance, 1e-4 x sum |k| x max |img|.
  std::mt19937 rng(2048);
  const Plane source = random_plane(2048 + 30, 2048 + 30, rng);
  const Plane kernel = random_plane(31, 31, rng);
  const BankProblem problem = make_problem(source, {kernel.view()});
  REQUIRE(problem.out_h == 2048);
  std::vector<Plane> outputs = unwritten_outputs(problem);
  FftCorrelator fft(EACH_FFT_LIBRARY);
  fft.run(problem, outputs);
  const double tolerance = 1e-4 * sum_abs(kernel.view()) * max_abs(source.view());
  std::uniform_int_distribution<int> pixel(0, 2047);
  std::vector<std::pair<int, int>> samples = {{0, 0}, {0, 2047}, {2047, 0}, {2047, 2047}};
  for (int i = 0; i < 2048; i += 7) {
    samples.push_back({i, 0});
    samples.push_back({2047, i});
  }
  for (int s = 0; s < 1000; ++s) samples.push_back({pixel(rng), pixel(rng)});
  double worst = 0.0;
  for (const auto& [i, j] : samples) {
    double sum = 0.0;
    for (int k = 0; k < 31; ++k)
      for (int l = 0; l < 31; ++l)
        sum += static_cast<double>(source.at(i + k, j + l)) * kernel.at(k, l);
    INFO("pixel (" << i << ", " << j << ")");
    REQUIRE(std::fabs(outputs[0].at(i, j) - sum) <= tolerance);
    worst = std::max(worst, std::fabs(outputs[0].at(i, j) - sum));
  }
  // Float FFTs of this size are far better than the tolerance needs: ~1e-6 of it, not just under.
  REQUIRE(worst <= 1e-2 * tolerance);
}

TEST_CASE("fft rebuilds its cached kernel spectra when the kernels change") {
  std::mt19937 rng(5);
  const Plane source = random_plane(64, 80, rng);
  Plane a = random_plane(7, 7, rng);
  Plane b = random_plane(7, 7, rng);
  FftCorrelator fft(EACH_FFT_LIBRARY);
  // Same sizes every call, as on the live path; only the kernel contents change.
  for (const Plane* kernel : {&a, &b, &a}) {
    const BankProblem problem = make_problem(source, {kernel->view()});
    std::vector<Plane> outputs = unwritten_outputs(problem);
    fft.run(problem, outputs);
    require_agrees_with_direct(problem, outputs);
  }
  // The same buffer edited in place between calls: same pointer, same sizes, new taps.
  const BankProblem problem = make_problem(source, {a.view()});
  std::vector<Plane> outputs = unwritten_outputs(problem);
  a.at(3, 3) += 1.0f;
  fft.run(problem, outputs);
  require_agrees_with_direct(problem, outputs);
  // A bank growing from one kernel to two of the same size.
  const BankProblem two = make_problem(source, {a.view(), b.view()});
  std::vector<Plane> both = unwritten_outputs(two);
  fft.run(two, both);
  require_agrees_with_direct(two, both);
}

TEST_CASE("fft splits a widely dilated kernel into phase sub-images and equals direct") {
  // Dilation (5, 7): 35 phases, each an undilated 4x3 correlation on every 5th row and 7th column;
  // with stride (5, 7) every output lands in phase (0, 0) and the other 34 hold none.
  std::mt19937 rng(13);
  const Plane source = random_plane(90, 160, rng);
  const std::vector<Plane> kernels = {random_plane(4, 3, rng), random_plane(4, 3, rng)};
  FftCorrelator fft(EACH_FFT_LIBRARY);
  for (const Pair stride : {Pair{1, 1}, Pair{2, 3}, Pair{5, 7}}) {
    const BankProblem problem = make_problem(source, views(kernels), stride, {5, 7});
    INFO("stride " << stride.y << "," << stride.x);
    std::vector<Plane> outputs = unwritten_outputs(problem);
    fft.run(problem, outputs);
    require_agrees_with_direct(problem, outputs);
  }
}

TEST_CASE("fft keeps a tiny kernel's map accurate beside a large kernel in one transform") {
  // Two kernels share a complex FFT; each is held to its own 1e-4 x sum |k| x max |image|. A kernel
  // of sum |k| 5.6e-4 beside one of about 10 (the case tests/fuzz/fuzz_spec.cpp found).
  std::mt19937 rng(29);
  FftCorrelator fft(EACH_FFT_LIBRARY);
  const Plane source = random_plane(40, 37, rng);
  Plane tiny = random_plane(5, 4, rng);
  Plane large = random_plane(5, 4, rng);
  const float tiny_scale = 5.6e-4f / sum_abs(tiny.view());
  const float large_scale = 10.2f / sum_abs(large.view());
  for (float& v : tiny.data) v *= tiny_scale;
  for (float& v : large.data) v *= large_scale;
  for (const auto& bank : {std::vector<PlaneView>{tiny.view(), large.view()},
                           std::vector<PlaneView>{large.view(), tiny.view()}}) {
    const BankProblem problem = make_problem(source, bank, {1, 1}, {1, 2});
    std::vector<Plane> outputs = unwritten_outputs(problem);
    fft.run(problem, outputs);
    require_agrees_with_direct(problem, outputs);
  }
}
