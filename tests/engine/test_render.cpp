// Map -> RGBA8: every colormap x range x negative mode against render.hpp's rule written again in
// NumPy (tests/golden/cases_filters.py -> data/filters/render.txt), exact to the byte.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "convscope/errors.hpp"
#include "convscope/render.hpp"
#include "golden.hpp"

using convscope::Colormap;
using convscope::NegativeMode;
using convscope::Plane;
using convscope::RangeMode;
using convscope::RenderSpec;

namespace {

std::vector<std::uint8_t> render(const Plane& map, const RenderSpec& spec) {
  std::vector<std::uint8_t> rgba;
  convscope::render(map.view(), spec, rgba);
  return rgba;
}

// The R of each pixel.
std::vector<int> reds(const std::vector<std::uint8_t>& rgba) {
  std::vector<int> out;
  for (std::size_t i = 0; i < rgba.size(); i += 4) out.push_back(rgba[i]);
  return out;
}

}  // namespace

TEST_CASE("every colormap, range and negative mode paints NumPy's pixels exactly") {
  namespace golden = convscope::golden;
  const auto rows = golden::load_rows("filters/render.txt");
  REQUIRE(rows.size() == 55);
  std::vector<std::uint8_t> rgba;
  for (const auto& row : rows) {
    INFO(row[1]);
    REQUIRE(row.size() == 9);
    const Plane map = golden::load_plane("filters/" + row[0]);
    const convscope::NpyArray expected =
        convscope::read_npy(golden::data_path("filters/" + row[1]));
    RenderSpec spec;
    spec.colormap = convscope::parse_colormap(row[2]);
    spec.range = convscope::parse_range_mode(row[3]);
    spec.lo = std::stof(row[4]);
    spec.hi = std::stof(row[5]);
    spec.negative = convscope::parse_negative_mode(row[6]);
    const convscope::RenderResult used = convscope::render(map.view(), spec, rgba);
    CHECK(used.lo == std::stof(row[7]));
    CHECK(used.hi == std::stof(row[8]));
    // The range alone (what a range shared by several maps is made from) is NumPy's too.
    const convscope::RenderResult range = convscope::render_range(map.view(), spec);
    CHECK(range.lo == std::stof(row[7]));
    CHECK(range.hi == std::stof(row[8]));
    REQUIRE(expected.shape == std::vector<int>{map.height, map.width, 4});
    REQUIRE(rgba.size() == expected.data.size());
    std::size_t mismatches = 0;
    for (std::size_t i = 0; i < rgba.size(); ++i) mismatches += rgba[i] != expected.data[i];
    CHECK(mismatches == 0);
  }
}

TEST_CASE("gray by hand: t = (v - lo) / (hi - lo), grey = floor(255 t + 0.5)") {
  const Plane map(1, 5, std::vector<float>{0, 1, 2, 0.5f, -1});
  RenderSpec spec;  // gray, minmax, clip: -1 clips to 0, range [0, 2]
  const convscope::RenderResult used = [&] {
    std::vector<std::uint8_t> rgba;
    return convscope::render(map.view(), spec, rgba);
  }();
  CHECK(used.lo == 0.0f);
  CHECK(used.hi == 2.0f);
  // 1 -> 127.5 + 0.5 = 128; 0.5 -> 63.75 + 0.5 -> 64.
  CHECK(reds(render(map, spec)) == std::vector<int>{0, 128, 255, 64, 0});
  spec.colormap = Colormap::gray_r;
  CHECK(reds(render(map, spec)) == std::vector<int>{255, 127, 0, 191, 255});
  spec.colormap = Colormap::gray;
  spec.negative = NegativeMode::diverging;  // range [-2, 2]: 0 is mid-grey
  CHECK(reds(render(map, spec)) == std::vector<int>{128, 191, 255, 159, 64});
  spec.negative = NegativeMode::abs;  // range [0, 2], -1 looks like 1
  CHECK(reds(render(map, spec)) == std::vector<int>{0, 128, 255, 64, 128});
  const std::vector<std::uint8_t> rgba = render(map, spec);
  for (std::size_t i = 0; i < rgba.size(); i += 4) {
    CHECK(rgba[i + 1] == rgba[i]);
    CHECK(rgba[i + 2] == rgba[i]);
    CHECK(rgba[i + 3] == 255);
  }
}

TEST_CASE("under diverging, 0 is mid-grey 128 and the extremes 0 and 255, whatever the range") {
  RenderSpec spec;
  spec.negative = NegativeMode::diverging;
  for (float m : {1e-30f, 3e-7f, 0.1f, 0.7f, 1.0f, 3.0f, 12345.678f, 1e30f, 3.4e38f}) {
    INFO(m);
    CHECK(reds(render(Plane(1, 3, std::vector<float>{-m, 0, m}), spec)) ==
          std::vector<int>{0, 128, 255});
  }
}

TEST_CASE("a fixed range clamps values outside it") {
  const Plane map(1, 4, std::vector<float>{-10, 0, 0.25f, 10});
  RenderSpec spec;
  spec.range = RangeMode::fixed;
  spec.lo = 0;
  spec.hi = 0.5f;
  spec.negative = NegativeMode::diverging;  // -> [-0.5, 0.5]
  CHECK(reds(render(map, spec)) == std::vector<int>{0, 128, 191, 255});
}

TEST_CASE("flat maps render mid-grey without dividing by zero") {
  RenderSpec spec;
  const Plane flat(3, 3, 0.7f);
  CHECK(reds(render(flat, spec)) == std::vector<int>(9, 128));
  spec.negative = NegativeMode::diverging;
  CHECK(reds(render(Plane(2, 2, 0.0f), spec)) == std::vector<int>(4, 128));
  spec.range = RangeMode::fixed;
  spec.lo = spec.hi = 0;
  CHECK(reds(render(Plane(2, 2, 5.0f), spec)) == std::vector<int>(4, 128));
}

TEST_CASE("colormap tables hold matplotlib's published end colours") {
  using Colour = std::array<std::uint8_t, 3>;
  CHECK(convscope::colormap_color(Colormap::viridis, 0) == Colour{68, 1, 84});
  CHECK(convscope::colormap_color(Colormap::viridis, 255) == Colour{253, 231, 36});
  CHECK(convscope::colormap_color(Colormap::magma, 0) == Colour{0, 0, 3});
  CHECK(convscope::colormap_color(Colormap::magma, 255) == Colour{251, 252, 191});
  CHECK(convscope::colormap_color(Colormap::rdbu, 0) == Colour{103, 0, 31});
  CHECK(convscope::colormap_color(Colormap::rdbu, 255) == Colour{5, 48, 97});
  CHECK(convscope::colormap_color(Colormap::gray_r, 0) == Colour{255, 255, 255});
  CHECK_THROWS_AS(convscope::colormap_color(Colormap::gray, 256), convscope::RangeError);
}

TEST_CASE("render names parse and print as the JS API spells them") {
  using Catch::Contains;
  for (auto c :
       {Colormap::gray, Colormap::gray_r, Colormap::viridis, Colormap::magma, Colormap::rdbu}) {
    CHECK(convscope::parse_colormap(convscope::to_string(c)) == c);
  }
  CHECK(std::string(convscope::to_string(Colormap::rdbu)) == "RdBu");
  CHECK(convscope::parse_negative_mode("diverging") == NegativeMode::diverging);
  CHECK(convscope::parse_range_mode("symmetric") == RangeMode::symmetric);
  CHECK_THROWS_AS(convscope::parse_colormap("jet"), convscope::TypeError);
  CHECK_THROWS_WITH(convscope::parse_colormap("rdbu"),
                    Contains("'RdBu'") && Contains("got 'rdbu'"));
  CHECK_THROWS_WITH(convscope::parse_negative_mode("mirror"),
                    Contains("'clip', 'abs', 'diverging'"));
  CHECK_THROWS_WITH(convscope::parse_range_mode(""), Contains("'minmax', 'symmetric', 'fixed'"));
}

TEST_CASE("bad maps and ranges fail before the pixels are touched, and buffers are reused") {
  using Catch::Contains;
  std::vector<std::uint8_t> rgba(4, 7);
  Plane map(2, 2, 1.0f);
  map.at(0, 1) = -INFINITY;
  RenderSpec spec;
  CHECK_THROWS_WITH(convscope::render(map.view(), spec, rgba), Contains("-inf at (0, 1)"));
  map.at(0, 1) = 0;
  spec.range = RangeMode::fixed;
  spec.lo = 2;
  spec.hi = 1;
  CHECK_THROWS_WITH(convscope::render(map.view(), spec, rgba), Contains("lo must be <= hi"));
  spec.hi = NAN;
  CHECK_THROWS_WITH(convscope::render(map.view(), spec, rgba), Contains("must be finite"));
  CHECK_THROWS_AS(convscope::render(convscope::PlaneView{nullptr, 0, 0}, {}, rgba),
                  convscope::RangeError);
  CHECK(rgba == std::vector<std::uint8_t>(4, 7));

  std::vector<std::uint8_t> frame;
  convscope::render(Plane(40, 30, 1.0f).view(), {}, frame);
  const std::uint8_t* before = frame.data();
  convscope::render(Plane(30, 40, 1.0f).view(), {}, frame);
  CHECK(frame.data() == before);
  CHECK(frame.size() == 30u * 40u * 4u);
}
