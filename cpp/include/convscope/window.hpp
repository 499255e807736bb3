// Zero-copy sliding-window views over a plane, like numpy's as_strided / sliding_window_view.
#pragma once

#include <array>
#include <cstddef>

#include "convscope/plane.hpp"
#include "convscope/spec.hpp"

namespace convscope {

// A 4-D view (out_h, out_w, kh, kw) over a plane's pixels; strides are in elements, so
// element (i, j, k, l) is base[i*strides[0] + j*strides[1] + k*strides[2] + l*strides[3]].
// Borrows the plane: it must outlive the view.
struct WindowView {
  const float* base = nullptr;
  std::array<int, 4> shape{};
  std::array<std::ptrdiff_t, 4> strides{};

  float at(int i, int j, int k, int l) const {
    return base[i * strides[0] + j * strides[1] + k * strides[2] + l * strides[3]];
  }
};

// Windows of kernel_h x kernel_w at every stride step, taps spaced by dilation ('valid': no
// padding). For a W-wide plane: strides = {sy*W, sx, dy*W, dx}. Throws RangeError if no window
// fits.
WindowView sliding_window_view(const PlaneView& plane, int kernel_h, int kernel_w, Pair stride = {},
                               Pair dilation = {});

// The notebook's n x n tiles: an (n, n, th, tw) view with tile step H / n (W / n) and tile size
// chosen so the tiles reach the last row: th = H - (H / n) * (n - 1). Throws RangeError if n < 1
// or n > min(H, W).
WindowView tiles_view(const PlaneView& plane, int n);

}  // namespace convscope
