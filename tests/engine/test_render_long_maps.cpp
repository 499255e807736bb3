// render() works through a map four values at a time, in blocks of 256, with a tail of fewer than
// four; the golden cases (test_render.cpp, against NumPy) are maps of at most 99 values. Here a
// long map must paint every pixel exactly as the short maps it is cut into do.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "convscope/render.hpp"

using convscope::Colormap;
using convscope::NegativeMode;
using convscope::Plane;
using convscope::RangeMode;
using convscope::RenderSpec;

namespace {

// 4 blocks of 256 values and a tail of 3, uniform in [-2, 3] (a 32-bit LCG).
Plane long_map() {
  Plane map(1, 4 * 256 + 3);
  std::uint32_t state = 12345;
  for (float& v : map.data) {
    state = state * 1664525u + 1013904223u;
    v = -2.0f + 5.0f * static_cast<float>(state >> 8) / (1 << 24);
  }
  return map;
}

// The map rendered as pieces of `piece` values, each its own 1 x piece map, under a fixed range.
std::vector<std::uint8_t> render_in_pieces(const Plane& map, int piece, RenderSpec spec) {
  std::vector<std::uint8_t> whole, part;
  for (int begin = 0; begin < map.width; begin += piece) {
    const int width = std::min(piece, map.width - begin);
    convscope::render({map.data.data() + begin, 1, width}, spec, part);
    whole.insert(whole.end(), part.begin(), part.end());
  }
  return whole;
}

}  // namespace

TEST_CASE("a long map paints each pixel as the short maps it is cut into do") {
  const Plane map = long_map();
  for (auto colormap :
       {Colormap::gray, Colormap::gray_r, Colormap::viridis, Colormap::magma, Colormap::rdbu}) {
    for (auto negative : {NegativeMode::clip, NegativeMode::abs, NegativeMode::diverging}) {
      INFO(convscope::to_string(colormap) << " " << convscope::to_string(negative));
      RenderSpec spec;
      spec.colormap = colormap;
      spec.negative = negative;
      std::vector<std::uint8_t> rgba;
      const convscope::RenderResult used = convscope::render(map.view(), spec, rgba);
      REQUIRE(rgba.size() == map.data.size() * 4);
      // minmax over the whole map is a fixed range for its pieces; 5 and 7 cut through the
      // groups of four at every offset, and 3 and 2 leave only tails.
      spec.range = RangeMode::fixed;
      spec.lo = used.lo;
      spec.hi = used.hi;
      for (int piece : {2, 3, 5, 7}) {
        INFO("pieces of " << piece);
        CHECK(render_in_pieces(map, piece, spec) == rgba);
      }
    }
  }
}

TEST_CASE("the range of a long map is its true minimum and maximum, wherever they lie") {
  Plane map = long_map();
  RenderSpec spec;  // minmax, clip
  std::vector<std::uint8_t> rgba;
  for (int at : {0, 1, 255, 256, 511, 1026}) {  // first, in a block, at a boundary, in the tail
    INFO("extremes at " << at);
    Plane m = map;
    m.data[at] = 7.5f;
    m.data[m.data.size() - 1 - at] = -9.0f;
    spec.negative = NegativeMode::clip;
    convscope::RenderResult used = convscope::render(m.view(), spec, rgba);
    CHECK(used.lo == 0.0f);  // clipped negatives
    CHECK(used.hi == 7.5f);
    CHECK(rgba[4 * at] == 255);
    spec.negative = NegativeMode::abs;
    used = convscope::render(m.view(), spec, rgba);
    CHECK(used.hi == 9.0f);
    CHECK(rgba[4 * (m.data.size() - 1 - at)] == 255);
  }
}

TEST_CASE("a NaN anywhere in a long map is reported with its position") {
  using Catch::Contains;
  std::vector<std::uint8_t> rgba;
  for (int at : {0, 300, 1024, 1026}) {
    Plane map = long_map();
    map.data[at] = std::numeric_limits<float>::quiet_NaN();
    CHECK_THROWS_WITH(convscope::render(map.view(), {}, rgba),
                      Contains("NaN at (0, " + std::to_string(at) + ")"));
  }
}
