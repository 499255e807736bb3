// The one output-size function every algorithm asks.
#pragma once

#include "convscope/spec.hpp"

namespace convscope {

// One axis of a convolution: the notebook's generate_output_size, with dilation and an uneven
// padding split.
//   out    = floor((in + pad_before + pad_after - dilation * (kernel - 1) - 1) / stride) + 1
//   unused = input rows/columns (counted from the far edge) that no window reaches because the
//            division was not exact; the page highlights them.
struct AxisSize {
  int in = 0;
  int kernel = 0;
  int pad_before = 0;
  int pad_after = 0;
  int out = 0;
  int unused = 0;
};

// in, kernel, stride, dilation >= 1 and pads >= 0, as output_geometry (or the caller's own edge)
// has checked. Throws RangeError naming the sizes when the output would be empty.
AxisSize output_axis(int in, int kernel, int stride, int dilation, int pad_before, int pad_after);

// The padding a spec gives a kernel of kernel_h x kernel_w, with K_eff = dilation * (K - 1) + 1:
//   valid: 0;  full: K_eff - 1 on both sides;  explicit_: spec.pad;
//   same:  K_eff - 1 in all, split as SciPy does. For even K_eff the odd pixel goes after for
//          correlation and before for convolution (correlate2d / convolve2d 'same'):
//            correlation, K_eff = 4:  pad  1 | image | 2    (before = (K_eff - 1) / 2)
//            convolution, K_eff = 4:  pad  2 | image | 1    (before = K_eff / 2)
Padding resolve_padding(const ConvSpec& spec, int kernel_h, int kernel_w);

struct OutputGeometry {
  AxisSize y;
  AxisSize x;
  Padding pad;
  int height() const { return y.out; }
  int width() const { return x.out; }
};

// The edge of the geometry: validates the spec, the image and kernel sizes, a non-empty output, a
// padded image and an output within their limits (spec.hpp), and gives the output geometry.
// Throws RangeError naming the value, the limit and the argument.
OutputGeometry output_geometry(int image_h, int image_w, int kernel_h, int kernel_w,
                               const ConvSpec& spec);

}  // namespace convscope
