// The one output-size function: the notebook's generate_output_size, (H - K + 2P) // S + 1,
// extended by dilation and uneven padding, and the 'same' split SciPy uses.
#include <catch2/catch.hpp>

#include "convscope/errors.hpp"
#include "convscope/output_size.hpp"

using namespace convscope;

namespace {

// The notebook's formula, written as it wrote it.
int generate_output_size(int h, int k, int s, int p) { return (h - k + 2 * p) / s + 1; }

}  // namespace

TEST_CASE("output_axis equals the notebook's formula when dilation is 1") {
  for (int h = 1; h <= 20; ++h) {
    for (int k = 1; k <= h + 4; ++k) {
      for (int s = 1; s <= 4; ++s) {
        for (int p = 0; p <= 2; ++p) {
          if (h + 2 * p < k) continue;
          INFO("h=" << h << " k=" << k << " s=" << s << " p=" << p);
          CHECK(output_axis(h, k, s, 1, p, p).out == generate_output_size(h, k, s, p));
        }
      }
    }
  }
}

TEST_CASE("dilation widens the kernel to d*(K-1)+1") {
  CHECK(output_axis(10, 3, 1, 2, 0, 0).out == 6);  // reach 5
  CHECK(output_axis(10, 3, 2, 3, 0, 0).out == 2);  // reach 7: windows at 0 and 2
}

TEST_CASE("unused input rows are those a non-exact stride leaves at the far edge") {
  const AxisSize axis = output_axis(10, 3, 4, 1, 0, 0);  // windows at 0 and 4, end at 6
  CHECK(axis.out == 2);
  CHECK(axis.unused == 3);
  CHECK(output_axis(9, 3, 3, 1, 0, 0).unused == 0);
  // Leftover that falls in the padding is not input left unused.
  CHECK(output_axis(5, 3, 2, 1, 1, 1).unused == 0);
}

TEST_CASE("'same' splits K_eff - 1 as scipy correlate2d and convolve2d do") {
  ConvSpec spec;
  spec.padding = PaddingMode::same;
  const Padding odd = resolve_padding(spec, 5, 5);
  CHECK((odd.top == 2 && odd.bottom == 2 && odd.left == 2 && odd.right == 2));
  const Padding even_corr = resolve_padding(spec, 4, 2);
  CHECK(
      (even_corr.top == 1 && even_corr.bottom == 2 && even_corr.left == 0 && even_corr.right == 1));
  spec.op = Operation::convolution;
  const Padding even_conv = resolve_padding(spec, 4, 2);
  CHECK(
      (even_conv.top == 2 && even_conv.bottom == 1 && even_conv.left == 1 && even_conv.right == 0));
  spec.dilation = {2, 1};  // K_eff = 7 rows
  const Padding dilated = resolve_padding(spec, 4, 3);
  CHECK((dilated.top == 3 && dilated.bottom == 3));
}

TEST_CASE("'same' with stride s gives ceil(H / s), the stride-1 result sampled [::s]") {
  ConvSpec spec;
  for (int s = 1; s <= 4; ++s) {
    spec.stride = {s, s};
    const OutputGeometry g = output_geometry(11, 7, 3, 4, spec);
    CHECK(g.height() == (11 + s - 1) / s);
    CHECK(g.width() == (7 + s - 1) / s);
  }
}

TEST_CASE("an empty output is an error naming the sizes") {
  ConvSpec spec;
  spec.padding = PaddingMode::valid;
  CHECK_THROWS_WITH(output_geometry(4, 4, 5, 3, spec),
                    Catch::Contains("input 4") && Catch::Contains("kernel 5"));
  CHECK_THROWS_AS(output_geometry(4, 4, 5, 3, spec), RangeError);
}

TEST_CASE("unused counts input pixels only, never more than the input") {
  // 1 input pixel after 5 padded ones, stride 10, a 1-tap kernel: the one window reads padding.
  const AxisSize axis = output_axis(1, 1, 10, 1, 5, 0);
  CHECK(axis.out == 1);
  CHECK(axis.unused == 1);
  // The unreached tail spans padding and input: only the input part counts.
  CHECK(output_axis(6, 3, 4, 1, 0, 2).unused == 0);  // padded 8, windows at 0, 4: 7 is padding
  CHECK(output_axis(8, 3, 4, 1, 0, 1).unused == 1);  // padded 9: 7 (input) and 8 (padding)
}

TEST_CASE("a padded image beyond the limit is refused before it is allocated") {
  ConvSpec spec;
  spec.padding = PaddingMode::full;
  spec.dilation = {64, 64};  // K_eff = 64 * 254 + 1 = 16257 per side, padded 32513 x 32513
  CHECK_THROWS_WITH(output_geometry(1, 1, 255, 255, spec),
                    Catch::Contains("padded image") && Catch::Contains("limit"));
}
