// Single-channel float32 images, row-major.
//
//   Plane      owns its pixels: data.size() == height * width, element (y, x) at
//              data[y * width + x].
//   PlaneView  borrows them from someone else (a Plane, a JS typed array, a .npy buffer).
#pragma once

#include <cstddef>
#include <vector>

namespace convscope {

struct PlaneView {
  const float* data = nullptr;
  int height = 0;
  int width = 0;

  float at(int y, int x) const { return data[static_cast<std::size_t>(y) * width + x]; }
  std::size_t size() const { return static_cast<std::size_t>(height) * width; }
};

struct Plane {
  int height = 0;
  int width = 0;
  std::vector<float> data;

  Plane() = default;
  Plane(int h, int w, float fill = 0.0f)
      : height(h), width(w), data(static_cast<std::size_t>(h) * w, fill) {}
  Plane(int h, int w, std::vector<float> values) : height(h), width(w), data(std::move(values)) {}

  // Reshapes in place, keeping the allocation when it is large enough (the live path reuses
  // buffers across frames). Contents are unspecified afterwards.
  void resize(int h, int w) {
    height = h;
    width = w;
    data.resize(static_cast<std::size_t>(h) * w);
  }

  float& at(int y, int x) { return data[static_cast<std::size_t>(y) * width + x]; }
  float at(int y, int x) const { return data[static_cast<std::size_t>(y) * width + x]; }
  float* row(int y) { return data.data() + static_cast<std::size_t>(y) * width; }
  const float* row(int y) const { return data.data() + static_cast<std::size_t>(y) * width; }
  PlaneView view() const { return {data.data(), height, width}; }
};

}  // namespace convscope
