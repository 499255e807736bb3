// Canvas pixels -> planes. A canvas ImageData is RGBA8, interleaved, row-major, not premultiplied:
// byte 4 * (y * width + x) + c holds channel c (R G B A) of pixel (y, x). Alpha is ignored (the
// page draws images onto an opaque canvas first).
#pragma once

#include <cstdint>

#include "convscope/plane.hpp"

namespace convscope {

// Rec. 601 luma, the weights of analogue TV and of PIL's convert('L'), scaled to [0, 1]:
//   out(y, x) = (0.299 R + 0.587 G + 0.114 B) / 255
// rgba: height * width * 4 bytes, borrowed. out: resized to height x width, allocation reused.
// Throws RangeError if a side is < 1 or the size exceeds the engine's image limits (spec.hpp),
// TypeError if rgba is null.
void rgba_to_luminance(const std::uint8_t* rgba, int height, int width, Plane& out);

// The colour channels as three planes in [0, 1]: r(y, x) = R / 255, and likewise g, b.
// Same buffers, limits and errors as rgba_to_luminance.
void rgba_to_rgb_planes(const std::uint8_t* rgba, int height, int width, Plane& r, Plane& g,
                        Plane& b);

}  // namespace convscope
