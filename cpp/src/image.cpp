// Canvas RGBA8 -> float planes.
#include "convscope/image.hpp"

#include <string>

#include "convscope/errors.hpp"
#include "convscope/spec.hpp"

namespace convscope {
namespace {

void check_image(const std::uint8_t* rgba, int height, int width) {
  const std::string size = std::to_string(height) + "x" + std::to_string(width);
  if (height < 1 || width < 1) throw RangeError("image must be at least 1x1, got " + size);
  if (height > kMaxImageSide || width > kMaxImageSide)
    throw RangeError("image sides must be <= " + std::to_string(kMaxImageSide) + ", got " + size);
  if (static_cast<long long>(height) * width > kMaxImagePixels)
    throw RangeError("image must have <= " + std::to_string(kMaxImagePixels) + " pixels, got " +
                     size);
  if (rgba == nullptr) throw TypeError("rgba pixels are null for a " + size + " image");
}

}  // namespace

void rgba_to_luminance(const std::uint8_t* rgba, int height, int width, Plane& out) {
  check_image(rgba, height, width);
  out.resize(height, width);
  constexpr float kR = 0.299f / 255, kG = 0.587f / 255, kB = 0.114f / 255;
  float* dst = out.data.data();
  for (std::size_t i = 0; i < out.data.size(); ++i, rgba += 4)
    dst[i] = kR * rgba[0] + kG * rgba[1] + kB * rgba[2];
}

void rgba_to_rgb_planes(const std::uint8_t* rgba, int height, int width, Plane& r, Plane& g,
                        Plane& b) {
  check_image(rgba, height, width);
  r.resize(height, width);
  g.resize(height, width);
  b.resize(height, width);
  constexpr float kScale = 1.0f / 255;
  for (std::size_t i = 0; i < r.data.size(); ++i, rgba += 4) {
    r.data[i] = kScale * rgba[0];
    g.data[i] = kScale * rgba[1];
    b.data[i] = kScale * rgba[2];
  }
}

}  // namespace convscope
