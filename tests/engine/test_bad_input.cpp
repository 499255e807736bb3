// Bad input: each is a clear error of the right type naming the value and the limit, thrown
// before any pixel is read or any output written, never a crash or a silent wrong answer; the
// Convolver keeps working afterwards.
//
// Policy for non-finite data: NaN or infinity anywhere in the image or a kernel is a RangeError
// naming the plane, the value and its (row, column); nothing is computed.
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <vector>

#include "convscope/convolve.hpp"
#include "convscope/errors.hpp"
#include "golden.hpp"

using namespace convscope;
using golden::ArgumentIs;
using golden::MessageContains;

namespace {

// Runs one kernel through a fresh Convolver.
Method run(const PlaneView& image, const PlaneView& kernel, const ConvSpec& spec = {}) {
  Convolver convolver;
  std::vector<Plane> outputs;
  return convolver.run(image, {kernel}, spec, outputs);
}

// Planes too large to allocate in a test, for checks that must fail before reading a pixel: a
// null data pointer makes any read crash the test rather than pass it.
PlaneView unread(int h, int w) { return {nullptr, h, w}; }

const Plane kImage(8, 8, 1.0f);
const Plane kKernel(3, 3, 1.0f);
const Plane kOne(1, 1, 1.0f);

ConvSpec explicit_padding(int top, int bottom, int left, int right) {
  ConvSpec spec;
  spec.padding = PaddingMode::explicit_;
  spec.pad = {top, bottom, left, right};
  return spec;
}

}  // namespace

TEST_CASE("bad input: stride 0 or above the limit names the axis, the value and the range") {
  ConvSpec spec;
  spec.stride = {0, 1};
  REQUIRE_THROWS_MATCHES(
      run(kImage.view(), kKernel.view(), spec), RangeError,
      MessageContains("stride y must be in [1, 4096], got 0") && ArgumentIs("stride"));
  spec.stride = {1, kMaxStride + 1};
  REQUIRE_THROWS_MATCHES(run(kImage.view(), kKernel.view(), spec), RangeError,
                         MessageContains("stride x must be in [1, 4096], got 4097"));
}

TEST_CASE("bad input: negative or zero dilation, and dilation above the limit") {
  ConvSpec spec;
  spec.dilation = {1, -2};
  REQUIRE_THROWS_MATCHES(
      run(kImage.view(), kKernel.view(), spec), RangeError,
      MessageContains("dilation x must be in [1, 64], got -2") && ArgumentIs("dilation"));
  spec.dilation = {0, 1};
  REQUIRE_THROWS_MATCHES(run(kImage.view(), kKernel.view(), spec), RangeError,
                         MessageContains("dilation y must be in [1, 64], got 0"));
  spec.dilation = {65, 1};
  REQUIRE_THROWS_MATCHES(run(kImage.view(), kKernel.view(), spec), RangeError,
                         MessageContains("got 65"));
}

TEST_CASE("bad input: negative explicit padding names the side") {
  REQUIRE_THROWS_MATCHES(
      run(kImage.view(), kKernel.view(), explicit_padding(1, 1, -3, 1)), RangeError,
      MessageContains("padding left must be in [0, 4096], got -3") && ArgumentIs("padding"));
  REQUIRE_THROWS_MATCHES(run(kImage.view(), kKernel.view(), explicit_padding(0, 5000, 0, 0)),
                         RangeError,
                         MessageContains("padding bottom must be in [0, 4096], got 5000"));
}

TEST_CASE("bad input: an empty image or kernel is a size error, not an empty result") {
  const Plane empty(0, 5);
  REQUIRE_THROWS_MATCHES(
      run(empty.view(), kKernel.view()), RangeError,
      MessageContains("image height must be in [1, 16384], got 0") && ArgumentIs("image"));
  REQUIRE_THROWS_MATCHES(run(Plane(5, 0).view(), kKernel.view()), RangeError,
                         MessageContains("image width must be in [1, 16384], got 0"));
  REQUIRE_THROWS_MATCHES(
      run(kImage.view(), Plane(0, 0).view()), RangeError,
      MessageContains("kernel height must be in [1, 255], got 0") && ArgumentIs("kernels"));
  Convolver convolver;
  std::vector<Plane> outputs;
  REQUIRE_THROWS_MATCHES(
      convolver.run(kImage.view(), {}, {}, outputs), RangeError,
      MessageContains("kernels must hold 1 to 256 kernels, got 0") && ArgumentIs("kernels"));
}

TEST_CASE("bad input: NaN or infinity in the image names the value and its position") {
  Plane image(8, 8, 1.0f);
  image.at(3, 4) = std::numeric_limits<float>::quiet_NaN();
  REQUIRE_THROWS_MATCHES(
      run(image.view(), kKernel.view()), RangeError,
      MessageContains("image must hold finite values, has NaN at (3, 4)") && ArgumentIs("image"));
  image.at(3, 4) = 1.0f;
  image.at(7, 0) = -std::numeric_limits<float>::infinity();
  REQUIRE_THROWS_MATCHES(run(image.view(), kKernel.view()), RangeError,
                         MessageContains("has -inf at (7, 0)"));
}

TEST_CASE("bad input: the image's NaN is found with and without padding, in any column") {
  // 9 columns: two runs of four floats and one more, as the padding copy checks them.
  ConvSpec valid;
  valid.padding = PaddingMode::valid;
  for (const ConvSpec& spec : {ConvSpec{}, valid}) {
    for (int x = 0; x < 9; ++x) {
      Plane image(5, 9, 1.0f);
      image.at(2, x) = std::numeric_limits<float>::quiet_NaN();
      INFO("column " << x << ", padding " << to_string(spec.padding));
      REQUIRE_THROWS_MATCHES(run(image.view(), kKernel.view(), spec), RangeError,
                             MessageContains("has NaN at (2, " + std::to_string(x) + ")"));
    }
  }
}

TEST_CASE("bad input: NaN or infinity in a kernel names the kernel and the position") {
  Plane kernel(3, 3, 1.0f);
  kernel.at(1, 2) = std::numeric_limits<float>::infinity();
  REQUIRE_THROWS_MATCHES(run(kImage.view(), kernel.view()), RangeError,
                         MessageContains("kernel 0 must hold finite values, has +inf at (1, 2)") &&
                             ArgumentIs("kernels"));
  Plane nan_kernel(3, 3, 1.0f);
  nan_kernel.at(0, 0) = std::nanf("");
  Convolver convolver;
  std::vector<Plane> outputs;
  REQUIRE_THROWS_MATCHES(
      convolver.run(kImage.view(), {kKernel.view(), nan_kernel.view()}, {}, outputs), RangeError,
      MessageContains("kernel 1 must hold finite values, has NaN at (0, 0)"));
}

TEST_CASE("bad input: a non-finite border value is refused") {
  ConvSpec spec;
  spec.border = BorderMode::constant;
  spec.border_value = std::numeric_limits<float>::quiet_NaN();
  REQUIRE_THROWS_MATCHES(
      run(kImage.view(), kKernel.view(), spec), RangeError,
      MessageContains("border value must be finite") && ArgumentIs("borderValue"));
}

TEST_CASE("bad input: 'valid' with a kernel larger than the image names both sizes") {
  ConvSpec spec;
  spec.padding = PaddingMode::valid;
  const Plane image(4, 9, 1.0f);
  const Plane kernel(5, 3, 1.0f);
  REQUIRE_THROWS_MATCHES(
      run(image.view(), kernel.view(), spec), RangeError,
      MessageContains("input 4 + padding 0+0 is smaller than the dilated kernel 5") &&
          ArgumentIs(""));
  spec.dilation = {1, 5};  // 3 taps spread to 11 columns over 9
  REQUIRE_THROWS_MATCHES(
      run(Plane(9, 9).view(), kernel.view(), spec), RangeError,
      MessageContains("smaller than the dilated kernel 11 (kernel 3, dilation 5)"));
}

TEST_CASE("bad input: a kernel side above kMaxKernelSide names the limit") {
  const Plane kernel(kMaxKernelSide + 1, 3, 1.0f);
  const Plane image(300, 300, 1.0f);
  REQUIRE_THROWS_MATCHES(run(image.view(), kernel.view()), RangeError,
                         MessageContains("kernel height must be in [1, 255], got 256"));
}

TEST_CASE("bad input: an image side or pixel count above the limits names the limit") {
  REQUIRE_THROWS_MATCHES(run(unread(kMaxImageSide + 1, 4), kKernel.view()), RangeError,
                         MessageContains("image height must be in [1, 16384], got 16385"));
  REQUIRE_THROWS_MATCHES(run(unread(16384, 8192), kKernel.view()), RangeError,
                         MessageContains("image has 134217728 pixels (16384 x 8192), more than "
                                         "the limit 67108864"));
}

TEST_CASE("bad input: sizes whose product overflows 32 bits are refused, not wrapped") {
  // 65536 x 65536 is 2^32 pixels: 0 in 32-bit arithmetic.
  REQUIRE_THROWS_MATCHES(run(unread(65536, 65536), kKernel.view()), RangeError,
                         MessageContains("got 65536"));
  // Within every side limit, but padding would pass the padded-image limit: 16384 x 4096 input
  // (2^26 pixels, at the limit) padded by 4096 on every side.
  REQUIRE_THROWS_MATCHES(
      run(unread(16384, 4096), kKernel.view(), explicit_padding(4096, 4096, 4096, 4096)),
      RangeError,
      MessageContains("padded image would have 301989888 pixels") && ArgumentIs("padding"));
  // The output limit on its own: 8192 x 8192 (at the limit) padded by 2048 rows and a 1x1
  // kernel: padded 12288 x 8192 (within 2^27) gives 2^26 + 2^24 output pixels.
  REQUIRE_THROWS_MATCHES(run(unread(8192, 8192), kOne.view(), explicit_padding(1024, 1024, 0, 0)),
                         RangeError, MessageContains("output would have 83886080 pixels"));
}

TEST_CASE("bad input: enum values outside the enums are refused by name") {
  ConvSpec spec;
  spec.border = static_cast<BorderMode>(9);
  REQUIRE_THROWS_MATCHES(
      run(kImage.view(), kKernel.view(), spec), RangeError,
      MessageContains("border (enum value) must be in [0, 5], got 9") && ArgumentIs("border"));
  REQUIRE_THROWS_MATCHES(parse_border_mode("circular"), TypeError,
                         MessageContains("got 'circular'"));
}

TEST_CASE("bad input: errors leave the outputs untouched and the Convolver working") {
  Convolver convolver;
  std::vector<Plane> outputs(1, Plane(2, 2, 7.0f));
  ConvSpec bad;
  bad.stride = {0, 0};
  CHECK_THROWS_AS(convolver.run(kImage.view(), {kKernel.view()}, bad, outputs), RangeError);
  Plane nan_image(8, 8, 1.0f);
  nan_image.at(0, 0) = std::nanf("");
  CHECK_THROWS_AS(convolver.run(nan_image.view(), {kKernel.view()}, {}, outputs), RangeError);
  REQUIRE(outputs.size() == 1);
  CHECK(outputs[0].data == std::vector<float>(4, 7.0f));

  ConvSpec valid;
  valid.padding = PaddingMode::valid;
  valid.method = Method::direct;
  convolver.run(kImage.view(), {kKernel.view()}, valid, outputs);
  REQUIRE(outputs.size() == 1);
  CHECK(outputs[0].height == 6);
  CHECK(outputs[0].width == 6);
  CHECK(outputs[0].data == std::vector<float>(36, 9.0f));  // ones * ones, 9 taps
}

TEST_CASE("bad input: explicit separable on a rank-2 kernel refuses before resizing the outputs") {
  const std::vector<float> pixels(64, 1.0f);
  const std::vector<float> rank2{1, 0, 0, 1};  // the 2x2 identity has rank 2
  convscope::Convolver convolver;
  std::vector<convscope::Plane> outputs(1, convscope::Plane(3, 3, 7.0f));
  convscope::ConvSpec spec;
  spec.method = convscope::Method::separable;
  CHECK_THROWS_WITH(convolver.run({pixels.data(), 8, 8}, {{rank2.data(), 2, 2}}, spec, outputs),
                    Catch::Contains("kernel 0 is not rank 1"));
  REQUIRE(outputs.size() == 1);
  CHECK((outputs[0].height == 3 && outputs[0].width == 3));
  CHECK(outputs[0].data == std::vector<float>(9, 7.0f));
}
