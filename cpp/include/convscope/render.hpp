// Feature map -> RGBA8 for display (canvas ImageData).
//
// The exact rule, so tests and the browser can reproduce every pixel independently:
//   1. Negative handling, per value v (float32):
//        clip       v' = max(v, 0)          negatives show as the low end
//        abs        v' = |v|                 edges of both signs look alike
//        diverging  v' = v                   and the range is made symmetric around 0 (step 2)
//   2. Range [lo, hi] (float32):
//        minmax     lo = min v', hi = max v'
//        symmetric  m = max |v'|, lo = -m, hi = m
//        fixed      RenderSpec::lo, hi as given (lo <= hi, both finite)
//      diverging then replaces it by m = max(|lo|, |hi|), lo = -m, hi = m: 0 sits in the middle.
//   3. Colour index. Per map, from the float32 bounds in double, each rounded to float32:
//        mid = float32((lo + hi) / 2),  scale = float32(255 / (hi - lo))
//      per value, in float32 arithmetic (each operation rounded to float32):
//        i = floor((v' - mid) * scale + 128), clamped to [0, 255]
//      which is floor(255 t + 0.5) for t = (v' - lo) / (hi - lo), with v' = mid landing exactly on
//      128 (0 under diverging is mid-grey). JavaScript gets the same numbers from
//        mid = Math.fround((lo + hi) / 2), scale = Math.fround(255 / (hi - lo)),
//        i = Math.floor(Math.fround(Math.fround(Math.fround(v1 - mid) * scale) + 128))  (v1 = v')
//      and NumPy from float32 arrays and np.float32 scalars. float32 keeps the live path SIMD
//      (4 lanes in wasm). A flat range (hi == lo) gives i = 128 without dividing by zero.
//   4. Colour: gray (i, i, i); gray_r (255 - i, ...); viridis, magma, RdBu: entry i of
//      matplotlib's 256-entry table (cpp/src/colormap_tables.inc, made by tools/make_colormaps.py).
//      Alpha is always 255.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "convscope/plane.hpp"

namespace convscope {

enum class Colormap { gray, gray_r, viridis, magma, rdbu };
enum class NegativeMode { clip, abs, diverging };
enum class RangeMode { minmax, symmetric, fixed };

struct RenderSpec {
  Colormap colormap = Colormap::gray;
  RangeMode range = RangeMode::minmax;
  float lo = 0.0f;  // used when range == fixed
  float hi = 1.0f;
  NegativeMode negative = NegativeMode::clip;
};

// The range actually used (after step 2), for the page's colour bar.
struct RenderResult {
  float lo = 0.0f;
  float hi = 0.0f;
};

// map:  H x W, finite values (RangeError naming the first NaN or infinity otherwise).
// rgba: resized to H * W * 4 bytes (its allocation reused), row-major R G B A.
// Throws RangeError for a fixed range with lo > hi or a non-finite bound, before touching rgba.
RenderResult render(const PlaneView& map, const RenderSpec& spec, std::vector<std::uint8_t>& rgba);

// Steps 1 and 2 of the rule alone: the range render() would use for this map, without painting
// (a range shared by several maps is the union of theirs, then each is rendered with it as a fixed
// range). Throws as render().
RenderResult render_range(const PlaneView& map, const RenderSpec& spec);

// The colour of index i (0..255) in a colormap, as render() paints it (for the colour bar).
std::array<std::uint8_t, 3> colormap_color(Colormap colormap, int index);

// Names as the JS API spells them: "gray", "gray_r", "viridis", "magma", "RdBu"; "clip", "abs",
// "diverging"; "minmax", "symmetric", "fixed". Unknown names throw TypeError listing the known.
Colormap parse_colormap(const std::string& name);
NegativeMode parse_negative_mode(const std::string& name);
RangeMode parse_range_mode(const std::string& name);
const char* to_string(Colormap colormap);
const char* to_string(NegativeMode mode);
const char* to_string(RangeMode mode);

}  // namespace convscope
