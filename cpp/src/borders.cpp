#include "convscope/borders.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>

namespace convscope {
namespace {

// i mod n, in [0, n) for negative i too.
int floor_mod(int i, int n) {
  const int m = i % n;
  return m < 0 ? m + n : m;
}

// dst[x] = src[x] for x < n, four floats at a time; returns whether all n are finite (exponent
// bits not all ones), checked on the way, so Convolver needs no pass of its own over the image.
bool copy_row(const float* src, int n, float* dst) {
  using Bits4 = std::uint32_t __attribute__((vector_size(16)));
  constexpr std::uint32_t kExponent = 0x7f800000u;
  Bits4 non_finite = {0, 0, 0, 0};
  int x = 0;
  for (; x + 4 <= n; x += 4) {
    Bits4 v;
    std::memcpy(&v, src + x, sizeof v);
    std::memcpy(dst + x, &v, sizeof v);
    non_finite |= (v & kExponent) == kExponent;
  }
  bool finite = !(non_finite[0] | non_finite[1] | non_finite[2] | non_finite[3]);
  for (; x < n; ++x) {
    dst[x] = src[x];
    finite &= std::isfinite(src[x]);
  }
  return finite;
}

}  // namespace

int border_index(int i, int n, BorderMode mode) {
  if (i >= 0 && i < n) return i;
  switch (mode) {
    case BorderMode::zero:
    case BorderMode::constant:
      return -1;
    case BorderMode::replicate:
      return i < 0 ? 0 : n - 1;
    case BorderMode::reflect: {  // period 2n: a b c d d c b a
      const int m = floor_mod(i, 2 * n);
      return m < n ? m : 2 * n - 1 - m;
    }
    case BorderMode::mirror: {  // period 2n - 2: a b c d c b
      if (n == 1) return 0;
      const int m = floor_mod(i, 2 * n - 2);
      return m < n ? m : 2 * n - 2 - m;
    }
    case BorderMode::wrap:
      return floor_mod(i, n);
  }
  return -1;
}

bool pad_plane(const PlaneView& image, const Padding& pad, BorderMode mode, float border_value,
               Plane& out) {
  bool finite = true;
  const int h = image.height, w = image.width;
  out.resize(h + pad.top + pad.bottom, w + pad.left + pad.right);
  const float fill = mode == BorderMode::constant ? border_value : 0.0f;
  for (int y = 0; y < out.height; ++y) {
    float* dst = out.row(y);
    const int sy = border_index(y - pad.top, h, mode);
    if (sy < 0) {
      std::fill(dst, dst + out.width, fill);
      continue;
    }
    const float* src = image.data + static_cast<std::size_t>(sy) * w;
    finite &= copy_row(src, w, dst + pad.left);
    for (int x = 0; x < pad.left; ++x) {
      const int sx = border_index(x - pad.left, w, mode);
      dst[x] = sx < 0 ? fill : src[sx];
    }
    for (int x = pad.left + w; x < out.width; ++x) {
      const int sx = border_index(x - pad.left, w, mode);
      dst[x] = sx < 0 ? fill : src[sx];
    }
  }
  return finite;
}

}  // namespace convscope
