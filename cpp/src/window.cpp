#include "convscope/window.hpp"

#include <string>

#include "checks.hpp"
#include "convscope/output_size.hpp"

namespace convscope {

WindowView sliding_window_view(const PlaneView& plane, int kernel_h, int kernel_w, Pair stride,
                               Pair dilation) {
  check_image_size(plane.height, plane.width);
  check_kernel_size(kernel_h, kernel_w);
  check_stride(stride);
  check_dilation(dilation);
  const AxisSize y = output_axis(plane.height, kernel_h, stride.y, dilation.y, 0, 0);
  const AxisSize x = output_axis(plane.width, kernel_w, stride.x, dilation.x, 0, 0);
  const std::ptrdiff_t row = plane.width;
  WindowView view;
  view.base = plane.data;
  view.shape = {y.out, x.out, kernel_h, kernel_w};
  view.strides = {stride.y * row, stride.x, dilation.y * row, dilation.x};
  return view;
}

WindowView tiles_view(const PlaneView& plane, int n) {
  if (n < 1 || n > plane.height || n > plane.width) {
    throw RangeError("n",
                     "tiles per side must be in [1, min(height, width) = " +
                         std::to_string(plane.height < plane.width ? plane.height : plane.width) +
                         "], got " + std::to_string(n));
  }
  // The notebook's arithmetic: step H // n, and a tile just tall enough to end on the last row.
  const int step_y = plane.height / n, step_x = plane.width / n;
  const int tile_h = plane.height - step_y * (n - 1), tile_w = plane.width - step_x * (n - 1);
  const std::ptrdiff_t row = plane.width;
  WindowView view;
  view.base = plane.data;
  view.shape = {n, n, tile_h, tile_w};
  view.strides = {step_y * row, step_x, row, 1};
  return view;
}

}  // namespace convscope
