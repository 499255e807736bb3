// One output pixel taken apart: the window of the padded input it reads, the kernel as applied,
// the products and their sum (the notebook's equation (2) at one (y, x)). The teaching views'
// numbers come from here, not from a second implementation in JavaScript.
#pragma once

#include <cstdint>
#include <vector>

#include "convscope/output_size.hpp"
#include "convscope/plane.hpp"
#include "convscope/spec.hpp"

namespace convscope {

// Output pixel (y, x) of image convolved with kernel under spec. With K = kernel_h x kernel_w,
// every K-sized plane below is indexed by the tap (k, l), k < kernel_h, l < kernel_w:
//   rows[k]     input row of tap row k:       y * stride.y + k * dilation.y - pad.top
//   cols[l]     input column of tap column l: x * stride.x + l * dilation.x - pad.left
//               (negative or >= the image's side where the tap reads padding)
//   source_rows[k], source_cols[l]
//               the image row / column that position reads under the border mode
//               (border_index), -1 for zero and constant padding
//   padding     1 where the tap is outside the image (row or column), else 0
//   window      the padded input at each tap: the value the engine multiplied
//   written     the kernel as the caller gave it
//   applied     the kernel the engine multiplies with: written, turned 180 degrees for convolution
//   products    window * applied, tap by tap
//   sum         the products summed (in double, returned as float): the map's value at (y, x) to
//               float rounding, whichever method made the map
struct Explanation {
  OutputGeometry geometry;
  int y = 0;
  int x = 0;
  std::vector<int> rows, cols, source_rows, source_cols;
  std::vector<std::uint8_t> padding;
  Plane window, written, applied, products;
  float sum = 0.0f;
};

// Checks the sizes and spec as check_bank does, the values (finite, as Convolver::run), and (y, x)
// within the output: RangeError with argument "at" ("at y must be in [0, 4], got 5").
Explanation explain(const PlaneView& image, const PlaneView& kernel, const ConvSpec& spec, int y,
                    int x);

}  // namespace convscope
