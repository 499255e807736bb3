// im2col (columns x weights through the GEMM) against SciPy and against the direct reference.
#include <catch2/catch.hpp>
#include <random>
#include <vector>

#include "algorithms.hpp"
#include "bank_problems.hpp"

using namespace convscope;
using namespace convscope::testing;

TEST_CASE("im2col runs a two-kernel bank with stride and dilation as SciPy does") {
  // image = (arange(54).reshape(6, 9) % 7) - 3; expected =
  // correlate2d(image, kernel dilated by (1, 2), 'valid')[::2, ::2] (SciPy 1.10).
  Plane image(6, 9);
  for (int i = 0; i < 54; ++i) image.data[i] = static_cast<float>(i % 7 - 3);
  const std::vector<Plane> kernels = {Plane(3, 2, {1, 2, 0, -1, 3, 1}),
                                      Plane(3, 2, {0.5f, 0, -2, 1, 1, 1})};
  const BankProblem problem = make_problem(image, views(kernels), {2, 2}, {1, 2});
  REQUIRE(problem.out_h == 2);
  REQUIRE(problem.out_w == 4);
  std::vector<Plane> outputs = unwritten_outputs(problem);
  Im2colCorrelator im2col;
  im2col.run(problem, outputs);
  REQUIRE(outputs[0].data == std::vector<float>{0, 5, 3, 1, 3, 1, -1, -3});
  REQUIRE(outputs[1].data == std::vector<float>{5.5f, 1.5f, -9.5f, 7.5f, -9.5f, 7.5f, 0, -11});
}

TEST_CASE("im2col equals direct on randomized banks, strides and dilations") {
  std::mt19937 rng(20261125);
  // Strides 1..9 reach both paths (phase planes up to 8, column blocks beyond, and for outputs
  // narrower than 8) and every column gather (contiguous, compile-time 2, 3, 4, and runtime).
  std::uniform_int_distribution<int> side(1, 64), kernel_side(1, 9), stride_step(1, 9),
      dilation_step(1, 3), bank(1, 6);
  Im2colCorrelator im2col;  // one instance throughout: its buffers are reused across sizes
  for (int trial = 0; trial < 200; ++trial) {
    const Pair stride{stride_step(rng), stride_step(rng)};
    const Pair dilation{dilation_step(rng), dilation_step(rng)};
    const int kh = kernel_side(rng), kw = kernel_side(rng);
    const int h = dilation.y * (kh - 1) + side(rng);  // at least one window fits
    const int w = dilation.x * (kw - 1) + side(rng);
    const Plane source = random_plane(h, w, rng);
    std::vector<Plane> kernels;
    for (int n = bank(rng); n > 0; --n) kernels.push_back(random_plane(kh, kw, rng));
    const BankProblem problem = make_problem(source, views(kernels), stride, dilation);
    INFO("trial " << trial << ": " << h << " x " << w << " image, " << kernels.size() << " kernels "
                  << kh << " x " << kw << ", stride " << stride.y << "," << stride.x
                  << ", dilation " << dilation.y << "," << dilation.x);
    std::vector<Plane> outputs = unwritten_outputs(problem);
    im2col.run(problem, outputs);
    require_agrees_with_direct(problem, outputs);
  }
}

TEST_CASE("im2col handles 31 x 31 kernels both in place and in column blocks") {
  // At stride.x 1 an output 60 wide is read in place from the image. One 5 wide, or any output at
  // stride.x 3, goes through column blocks of 64 pixels (31 x 31 taps): every block boundary
  // cuts an output row.
  std::mt19937 rng(31);
  const std::vector<Plane> kernels = {random_plane(31, 31, rng), random_plane(31, 31, rng)};
  for (const Plane& source : {random_plane(120, 90, rng), random_plane(120, 35, rng)}) {
    for (Pair stride : {Pair{1, 1}, Pair{2, 3}}) {
      const BankProblem problem = make_problem(source, views(kernels), stride, {1, 1});
      std::vector<Plane> outputs = unwritten_outputs(problem);
      Im2colCorrelator im2col;
      im2col.run(problem, outputs);
      require_agrees_with_direct(problem, outputs);
    }
  }
}

TEST_CASE("im2col's phase planes hold for every stride and dilation pairing") {
  // stride.x s and dilation.x d share a factor or not (s = 4, d = 2: taps in phases 0 and 2;
  // s = 3, d = 2: phases 0, 2, 1), and the kernel is narrower or wider than the period. 16 rows of
  // taps, stride.y 1 and outputs at least 8 wide keep every case on the phase planes.
  std::mt19937 rng(8);
  const Plane source = random_plane(40, 90, rng);
  for (int kw : {1, 2, 5}) {
    const std::vector<Plane> kernels = {random_plane(16, kw, rng), random_plane(16, kw, rng)};
    for (int s = 1; s <= 8; ++s) {
      for (int d = 1; d <= 3; ++d) {
        INFO("kernel width " << kw << ", stride.x " << s << ", dilation.x " << d);
        const BankProblem problem = make_problem(source, views(kernels), {1, s}, {1, d});
        REQUIRE(problem.out_w >= 8);
        std::vector<Plane> outputs = unwritten_outputs(problem);
        Im2colCorrelator im2col;
        im2col.run(problem, outputs);
        require_agrees_with_direct(problem, outputs);
      }
    }
  }
}
