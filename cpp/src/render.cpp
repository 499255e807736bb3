// Feature map -> RGBA8; the rule is drawn in render.hpp.
#include "convscope/render.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>

#include "checks.hpp"
#include "convscope/convolve.hpp"
#include "convscope/errors.hpp"

namespace convscope {
namespace {

#include "colormap_tables.inc"

// Indexed by the enums' values, in declaration order.
constexpr const char* kColormapNames[] = {"gray", "gray_r", "viridis", "magma", "RdBu"};
constexpr const char* kNegativeNames[] = {"clip", "abs", "diverging"};
constexpr const char* kRangeNames[] = {"minmax", "symmetric", "fixed"};

template <NegativeMode mode>
float transform(float v) {
  if (mode == NegativeMode::clip) return v > 0.0f ? v : 0.0f;
  if (mode == NegativeMode::abs) return std::fabs(v);
  return v;
}

// Four float lanes, as GCC and Clang (so Emscripten) spell SIMD portably. A min/max over plain
// floats stays scalar unless -ffinite-math-only; this form vectorizes on both targets (the loop
// alone over 1280 x 720: 1.4 ms -> 0.35 ms in wasm, 0.5 ms -> 0.1 ms native, measured here).
typedef float Float4 __attribute__((vector_size(16)));

template <NegativeMode mode>
Float4 transform(Float4 v) {
  const Float4 zero = {};
  if (mode == NegativeMode::clip) return v > zero ? v : zero;
  if (mode == NegativeMode::abs) return v < zero ? -v : v;
  return v;
}

// Min and max of the transformed (finite) map.
template <NegativeMode mode>
RenderResult min_max(const PlaneView& map) {
  const std::size_t n = map.size();
  float lo = transform<mode>(map.data[0]), hi = lo;
  std::size_t i = 0;
  if (n >= 4) {
    Float4 lo4 = {lo, lo, lo, lo}, hi4 = lo4;
    for (; i + 4 <= n; i += 4) {
      Float4 v;
      std::memcpy(&v, map.data + i, sizeof v);
      v = transform<mode>(v);
      lo4 = v < lo4 ? v : lo4;
      hi4 = v > hi4 ? v : hi4;
    }
    for (int k = 0; k < 4; ++k) {
      lo = std::min(lo, lo4[k]);
      hi = std::max(hi, hi4[k]);
    }
  }
  for (; i < n; ++i) {
    const float v = transform<mode>(map.data[i]);
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  return {lo, hi};
}

// Step 2 of the rule.
RenderResult value_range(const PlaneView& map, const RenderSpec& spec) {
  RenderResult range{spec.lo, spec.hi};
  if (spec.range != RangeMode::fixed) {
    range = spec.negative == NegativeMode::clip  ? min_max<NegativeMode::clip>(map)
            : spec.negative == NegativeMode::abs ? min_max<NegativeMode::abs>(map)
                                                 : min_max<NegativeMode::diverging>(map);
    if (spec.range == RangeMode::symmetric) {
      const float m = std::max(std::fabs(range.lo), std::fabs(range.hi));
      range = {-m, m};
    }
  }
  if (spec.negative == NegativeMode::diverging) {
    const float m = std::max(std::fabs(range.lo), std::fabs(range.hi));
    range = {-m, m};
  }
  return range;
}

// Steps 1, 3 and 4 for every pixel; out holds map.size() * 4 bytes. Indices are computed a block
// at a time so that the arithmetic vectorizes apart from the table lookups. One float32 operation
// per statement, so no compiler may fuse them into an FMA and change the rounding.
template <NegativeMode mode>
void paint(const PlaneView& map, float mid, float scale, const std::uint8_t (&table)[256][4],
           std::uint8_t* out) {
  constexpr std::size_t kBlock = 256;
  std::int32_t index[kBlock];
  for (std::size_t begin = 0; begin < map.size(); begin += kBlock) {
    const std::size_t n = std::min(kBlock, map.size() - begin);
    const float* values = map.data + begin;
    for (std::size_t i = 0; i < n; ++i) {
      const float offset = transform<mode>(values[i]) - mid;
      const float scaled = offset * scale;
      const float x = scaled + 128.0f;
      // Clamped first, so the truncating conversion is floor and never overflows.
      index[i] = static_cast<std::int32_t>(std::min(std::max(x, 0.0f), 255.0f));
    }
    for (std::size_t i = 0; i < n; ++i, out += 4) std::memcpy(out, table[index[i]], 4);
  }
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
  // Bounds in double: hi - lo and lo + hi may overflow float32.
  const double lo = range.lo, hi = range.hi;
  const bool flat = !(hi > lo);
  const auto mid = static_cast<float>((lo + hi) / 2);
  const auto scale = static_cast<float>(flat ? 0.0 : 255.0 / (hi - lo));

  rgba.resize(map.size() * 4);
  if (flat) {
    for (std::size_t i = 0; i < map.size(); ++i) std::memcpy(&rgba[i * 4], table[128], 4);
  } else if (spec.negative == NegativeMode::clip) {
    paint<NegativeMode::clip>(map, mid, scale, table, rgba.data());
  } else if (spec.negative == NegativeMode::abs) {
    paint<NegativeMode::abs>(map, mid, scale, table, rgba.data());
  } else {
    paint<NegativeMode::diverging>(map, mid, scale, table, rgba.data());
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
