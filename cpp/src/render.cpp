// Feature map -> RGBA8; the rule is drawn in render.hpp.
#include "convscope/render.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>

#include "convscope/convolve.hpp"
#include "convscope/errors.hpp"

namespace convscope {
namespace {

#include "colormap_tables.inc"

// Indexed by the enums' values, in declaration order.
constexpr const char* kColormapNames[] = {"gray", "gray_r", "viridis", "magma", "RdBu"};
constexpr const char* kNegativeNames[] = {"clip", "abs", "diverging"};
constexpr const char* kRangeNames[] = {"minmax", "symmetric", "fixed"};

// spec.cpp's name lookup, for the render enums: the message lists the known names.
template <typename Enum, std::size_t N>
Enum parse_name(const std::string& name, const char* what, const char* const (&names)[N]) {
  std::string known;
  for (std::size_t i = 0; i < N; ++i) {
    if (name == names[i]) return static_cast<Enum>(i);
    known += (i ? ", " : "") + std::string("'") + names[i] + "'";
  }
  throw TypeError(std::string(what) + " must be one of " + known + ", got '" + name + "'");
}

float transform(float v, NegativeMode mode) {
  switch (mode) {
    case NegativeMode::clip:
      return v > 0.0f ? v : 0.0f;
    case NegativeMode::abs:
      return std::fabs(v);
    case NegativeMode::diverging:
      break;
  }
  return v;
}

// Step 2 of the rule, over the transformed values.
RenderResult value_range(const PlaneView& map, const RenderSpec& spec) {
  RenderResult range{spec.lo, spec.hi};
  if (spec.range != RangeMode::fixed) {
    float lo = transform(map.data[0], spec.negative), hi = lo;
    for (std::size_t i = 1; i < map.size(); ++i) {
      const float v = transform(map.data[i], spec.negative);
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
    range = {lo, hi};
    if (spec.range == RangeMode::symmetric) {
      const float m = std::max(std::fabs(lo), std::fabs(hi));
      range = {-m, m};
    }
  }
  if (spec.negative == NegativeMode::diverging) {
    const float m = std::max(std::fabs(range.lo), std::fabs(range.hi));
    range = {-m, m};
  }
  return range;
}

// The 256 colours of a colormap as RGBA words in memory order, so a pixel is one 4-byte copy.
void rgba_table(Colormap colormap, std::uint8_t (&table)[256][4]) {
  for (int i = 0; i < 256; ++i) {
    const std::array<std::uint8_t, 3> c = colormap_color(colormap, i);
    table[i][0] = c[0];
    table[i][1] = c[1];
    table[i][2] = c[2];
    table[i][3] = 255;
  }
}

}  // namespace

std::array<std::uint8_t, 3> colormap_color(Colormap colormap, int index) {
  if (index < 0 || index > 255)
    throw RangeError("colormap index must be in [0, 255], got " + std::to_string(index));
  const auto grey = static_cast<std::uint8_t>(index);
  const auto rgb = [index](const std::uint8_t(&table)[256][3]) {
    return std::array<std::uint8_t, 3>{table[index][0], table[index][1], table[index][2]};
  };
  switch (colormap) {
    case Colormap::gray:
      return {grey, grey, grey};
    case Colormap::gray_r:
      return {static_cast<std::uint8_t>(255 - index), static_cast<std::uint8_t>(255 - index),
              static_cast<std::uint8_t>(255 - index)};
    case Colormap::viridis:
      return rgb(kViridis);
    case Colormap::magma:
      return rgb(kMagma);
    case Colormap::rdbu:
      return rgb(kRdBu);
  }
  throw RangeError("colormap (enum value) must be in [0, 4], got " +
                   std::to_string(static_cast<int>(colormap)));
}

RenderResult render(const PlaneView& map, const RenderSpec& spec, std::vector<std::uint8_t>& rgba) {
  if (map.height < 1 || map.width < 1)
    throw RangeError("map must be at least 1x1, got " + std::to_string(map.height) + "x" +
                     std::to_string(map.width));
  check_finite(map, "map");
  if (spec.range == RangeMode::fixed) {
    if (!std::isfinite(spec.lo) || !std::isfinite(spec.hi))
      throw RangeError("render range must be finite, got [" + std::to_string(spec.lo) + ", " +
                       std::to_string(spec.hi) + "]");
    if (spec.lo > spec.hi)
      throw RangeError("render range lo must be <= hi, got [" + std::to_string(spec.lo) + ", " +
                       std::to_string(spec.hi) + "]");
  }
  std::uint8_t table[256][4];
  rgba_table(spec.colormap, table);  // validates the colormap before rgba is touched

  const RenderResult range = value_range(map, spec);
  const double lo = range.lo;
  const double span = static_cast<double>(range.hi) - lo;  // double: hi - lo may overflow float
  const bool flat = !(span > 0);
  const double scale = flat ? 0.0 : 255.0 / span;

  rgba.resize(map.size() * 4);
  std::uint8_t* out = rgba.data();
  for (std::size_t i = 0; i < map.size(); ++i, out += 4) {
    int index = 128;
    if (!flat) {
      const double x = (transform(map.data[i], spec.negative) - lo) * scale + 0.5;
      // x >= 0 truncates as floor; the clamps come first so the cast never overflows.
      index = x <= 0 ? 0 : x >= 255 ? 255 : static_cast<int>(x);
    }
    std::memcpy(out, table[index], 4);
  }
  return range;
}

Colormap parse_colormap(const std::string& name) {
  return parse_name<Colormap>(name, "colormap", kColormapNames);
}
NegativeMode parse_negative_mode(const std::string& name) {
  return parse_name<NegativeMode>(name, "negative", kNegativeNames);
}
RangeMode parse_range_mode(const std::string& name) {
  return parse_name<RangeMode>(name, "range", kRangeNames);
}

const char* to_string(Colormap colormap) { return kColormapNames[static_cast<int>(colormap)]; }
const char* to_string(NegativeMode mode) { return kNegativeNames[static_cast<int>(mode)]; }
const char* to_string(RangeMode mode) { return kRangeNames[static_cast<int>(mode)]; }

}  // namespace convscope
