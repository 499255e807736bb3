// im2col (columns x weights through the GEMM) against SciPy and against the direct reference.
#include <catch2/catch.hpp>
#include <random>
#include <vector>

#include "algorithms.hpp"
#include "bank_problems.hpp"

using namespace convscope;
using namespace convscope::testing;

TEST_CASE("im2col runs a two-kernel bank with stride and dilation as SciPy does") {
  const ScipyBankCase c = scipy_strided_dilated_bank();
  const BankProblem problem = make_problem(c.image, views(c.kernels), c.stride, c.dilation);
  REQUIRE(problem.out_h == 2);
  REQUIRE(problem.out_w == 4);
  std::vector<Plane> outputs = unwritten_outputs(problem);
  Im2colCorrelator im2col;
  im2col.run(problem, outputs);
  REQUIRE(outputs[0].data == c.expected[0]);
  REQUIRE(outputs[1].data == c.expected[1]);
}

TEST_CASE("im2col equals direct on randomized banks, strides and dilations") {
  std::mt19937 rng(20261125);
  // Strides 1..9 reach both paths (phase planes up to 8, column blocks beyond, and for outputs
  // narrower than 8) and every column gather (contiguous, compile-time 2, 3, 4, and runtime).
  TrialRanges ranges;
  ranges.max_side = 64;
  ranges.max_stride = 9;
  ranges.max_bank = 6;
  Im2colCorrelator im2col;  // one instance throughout: its buffers are reused across sizes
  require_random_problems_agree(
      200, rng, ranges, random_plane,
      [&](const BankProblem& p, std::vector<Plane>& out) { im2col.run(p, out); });
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
