// Canvas RGBA8 -> planes: Rec. 601 luma and the colour channels against NumPy
// (tests/golden/cases_filters.py -> data/filters/image.txt).
#include <catch2/catch.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "convscope/errors.hpp"
#include "convscope/image.hpp"
#include "convscope/spec.hpp"
#include "golden.hpp"

using convscope::Plane;

namespace {

// A golden (H, W, 4) array holding 0..255 as canvas bytes.
std::vector<std::uint8_t> rgba_bytes(const convscope::NpyArray& array) {
  std::vector<std::uint8_t> bytes;
  for (float v : array.data) bytes.push_back(static_cast<std::uint8_t>(v));
  return bytes;
}

}  // namespace

TEST_CASE("luminance and colour planes equal NumPy's (0.299 R + 0.587 G + 0.114 B) / 255") {
  namespace golden = convscope::golden;
  const auto rows = golden::load_rows("filters/image.txt");
  REQUIRE(rows.size() == 2);
  for (const auto& row : rows) {
    INFO(row[0]);
    REQUIRE(row.size() == 5);
    const convscope::NpyArray rgba = convscope::read_npy(golden::data_path("filters/" + row[0]));
    REQUIRE(rgba.shape.size() == 3);
    REQUIRE(rgba.shape[2] == 4);
    const std::vector<std::uint8_t> bytes = rgba_bytes(rgba);
    const int h = rgba.shape[0], w = rgba.shape[1];
    Plane luminance, r, g, b;
    convscope::rgba_to_luminance(bytes.data(), h, w, luminance);
    convscope::rgba_to_rgb_planes(bytes.data(), h, w, r, g, b);
    CHECK(golden::max_abs_error(luminance, golden::load_plane("filters/" + row[1])) <= 1e-6);
    CHECK(golden::max_abs_error(r, golden::load_plane("filters/" + row[2])) <= 1e-7);
    CHECK(golden::max_abs_error(g, golden::load_plane("filters/" + row[3])) <= 1e-7);
    CHECK(golden::max_abs_error(b, golden::load_plane("filters/" + row[4])) <= 1e-7);
  }
}

TEST_CASE("black is exactly 0 and white exactly 1, whatever the alpha") {
  const std::vector<std::uint8_t> pixels{0, 0, 0, 255, 255, 255, 255, 0};
  Plane luminance, r, g, b;
  convscope::rgba_to_luminance(pixels.data(), 1, 2, luminance);
  CHECK(luminance.data == std::vector<float>{0.0f, 1.0f});
  convscope::rgba_to_rgb_planes(pixels.data(), 2, 1, r, g, b);
  CHECK(r.data == std::vector<float>{0.0f, 1.0f});
  CHECK(b.height == 2);
  CHECK(b.width == 1);
}

TEST_CASE("output planes keep their allocation across frames") {
  const std::vector<std::uint8_t> frame(64 * 48 * 4, 100);
  Plane luminance, r, g, b;
  convscope::rgba_to_luminance(frame.data(), 64, 48, luminance);
  convscope::rgba_to_rgb_planes(frame.data(), 64, 48, r, g, b);
  const float* before[] = {luminance.data.data(), r.data.data(), g.data.data(), b.data.data()};
  convscope::rgba_to_luminance(frame.data(), 32, 48, luminance);  // a smaller frame fits
  convscope::rgba_to_rgb_planes(frame.data(), 64, 48, r, g, b);
  CHECK(luminance.data.data() == before[0]);
  CHECK(luminance.height == 32);
  CHECK(r.data.data() == before[1]);
  CHECK(g.data.data() == before[2]);
  CHECK(b.data.data() == before[3]);
}

TEST_CASE("bad canvas sizes and null pixels are rejected naming the value") {
  // The image-size rule of every image the engine takes, with the convolution's wording.
  using convscope::RangeError;
  using convscope::golden::ArgumentIs;
  using convscope::golden::MessageContains;
  const std::uint8_t pixel[4] = {1, 2, 3, 4};
  Plane out, g, b;
  CHECK_THROWS_MATCHES(
      convscope::rgba_to_luminance(pixel, 0, 1, out), RangeError,
      MessageContains("image height must be in [1, 16384], got 0") && ArgumentIs("image"));
  CHECK_THROWS_MATCHES(convscope::rgba_to_rgb_planes(pixel, 1, -3, out, g, b), RangeError,
                       MessageContains("image width must be in [1, 16384], got -3"));
  CHECK_THROWS_MATCHES(convscope::rgba_to_luminance(pixel, convscope::kMaxImageSide + 1, 1, out),
                       RangeError,
                       MessageContains("image height must be in [1, 16384], got 16385"));
  CHECK_THROWS_MATCHES(convscope::rgba_to_luminance(pixel, 16384, 16384, out), RangeError,
                       MessageContains("image has 268435456 pixels (16384 x 16384), more than "
                                       "the limit 67108864"));
  CHECK_THROWS_MATCHES(
      convscope::rgba_to_luminance(nullptr, 2, 2, out), convscope::TypeError,
      MessageContains("image pixels are null for a 2 x 2 image") && ArgumentIs("image"));
}
