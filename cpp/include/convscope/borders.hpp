// Border modes (drawn in spec.hpp): which source pixel a padded position reads.
#pragma once

#include "convscope/plane.hpp"
#include "convscope/spec.hpp"

namespace convscope {

// Maps a position i (may be < 0 or >= n) along an axis of n pixels to the pixel it reads, or -1
// for zero/constant. Repeats the pattern for any distance, periodically (as numpy.pad >= 2 does).
int border_index(int i, int n, BorderMode mode);

// Writes image padded by pad on each side into out (resized, its allocation reused):
// out is (H + top + bottom) x (W + left + right). Returns whether every image value is finite,
// found while copying (Convolver then needs no pass of its own over the image).
bool pad_plane(const PlaneView& image, const Padding& pad, BorderMode mode, float border_value,
               Plane& out);

}  // namespace convscope
