// BatchFft: Stockham autosort, decimation in frequency.
//
// A stage of radix p on sequences of n_here = p * m points, s blocks of them side by side (s is
// the product of the earlier radices; s * n_here = n): for j < m, k < p,
//   y[s (p j + k) + q] = w^(j k) * sum_r x[s (j + r m) + q] * v^(r k),  q < s,
// with w = exp(-+2 pi i / n_here) and v = exp(-+2 pi i / p). Each element is a run of kFftLanes
// floats, so for fixed (j, r) the q and lane loops are one contiguous run of s * kFftLanes floats:
// the loop the compiler vectorizes. After the last stage y holds X in natural order.
#include "batch_fft.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstring>

namespace convscope {
namespace {

using Index = std::ptrdiff_t;

// Four lanes in one SIMD register (SSE natively, simd128 in wasm), through the GNU vector
// extension g++ and clang share; arithmetic with a float applies it to every lane. Loads and
// stores go through memcpy: no alignment or aliasing assumed, one instruction each.
typedef float Vec __attribute__((vector_size(16)));
constexpr Index kVec = 4;
inline Vec load(const float* p) {
  Vec v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
inline void store(float* p, Vec v) { std::memcpy(p, &v, sizeof v); }

// What one stage reads and writes; `count` = s * kFftLanes floats per run, a multiple of kVec.
struct Pass {
  const float* xr;
  const float* xi;
  float* yr;
  float* yi;
  const float* wr;  // m * (p - 1) twiddles, w^(j k) at [j * (p - 1) + k - 1]
  const float* wi;
  Index m;
  Index count;
};

// y = b * w for complex vectors b and the complex twiddle w.
inline void store_twiddled(float* yr, float* yi, Vec br, Vec bi, float wr, float wi) {
  store(yr, br * wr - bi * wi);
  store(yi, br * wi + bi * wr);
}

// sigma is the sign of the exponent: -1 forward, +1 inverse (twiddles conjugated).
template <int sigma>
void radix2(const Pass& p) {
  const Index step = p.m * p.count;
  for (Index j = 0; j < p.m; ++j) {
    const float wr = p.wr[j], wi = sigma * -p.wi[j];
    const float* xr = p.xr + j * p.count;
    const float* xi = p.xi + j * p.count;
    float* yr = p.yr + 2 * j * p.count;
    float* yi = p.yi + 2 * j * p.count;
    for (Index i = 0; i < p.count; i += kVec) {
      const Vec a0r = load(xr + i), a0i = load(xi + i);
      const Vec a1r = load(xr + i + step), a1i = load(xi + i + step);
      store(yr + i, a0r + a1r);
      store(yi + i, a0i + a1i);
      store_twiddled(yr + i + p.count, yi + i + p.count, a0r - a1r, a0i - a1i, wr, wi);
    }
  }
}

template <int sigma>
void radix4(const Pass& p) {
  const Index step = p.m * p.count;
  for (Index j = 0; j < p.m; ++j) {
    const float* w_re = p.wr + 3 * j;
    const float* w_im = p.wi + 3 * j;
    const float w1r = w_re[0], w1i = sigma * -w_im[0];
    const float w2r = w_re[1], w2i = sigma * -w_im[1];
    const float w3r = w_re[2], w3i = sigma * -w_im[2];
    const float* xr = p.xr + j * p.count;
    const float* xi = p.xi + j * p.count;
    float* yr = p.yr + 4 * j * p.count;
    float* yi = p.yi + 4 * j * p.count;
    for (Index i = 0; i < p.count; i += kVec) {
      const Vec a0r = load(xr + i), a0i = load(xi + i);
      const Vec a1r = load(xr + i + step), a1i = load(xi + i + step);
      const Vec a2r = load(xr + i + 2 * step), a2i = load(xi + i + 2 * step);
      const Vec a3r = load(xr + i + 3 * step), a3i = load(xi + i + 3 * step);
      const Vec t0r = a0r + a2r, t0i = a0i + a2i;
      const Vec t1r = a0r - a2r, t1i = a0i - a2i;
      const Vec t2r = a1r + a3r, t2i = a1i + a3i;
      // (a1 - a3) * sigma i
      const Vec t3r = (a3i - a1i) * float(sigma), t3i = (a1r - a3r) * float(sigma);
      store(yr + i, t0r + t2r);
      store(yi + i, t0i + t2i);
      store_twiddled(yr + i + p.count, yi + i + p.count, t1r + t3r, t1i + t3i, w1r, w1i);
      store_twiddled(yr + i + 2 * p.count, yi + i + 2 * p.count, t0r - t2r, t0i - t2i, w2r, w2i);
      store_twiddled(yr + i + 3 * p.count, yi + i + 3 * p.count, t1r - t3r, t1i - t3i, w3r, w3i);
    }
  }
}

template <int sigma>
void radix3(const Pass& p) {
  const float c = sigma * 0.866025403784438647f;  // sigma sin(2 pi / 3)
  const Index step = p.m * p.count;
  for (Index j = 0; j < p.m; ++j) {
    const float w1r = p.wr[2 * j], w1i = sigma * -p.wi[2 * j];
    const float w2r = p.wr[2 * j + 1], w2i = sigma * -p.wi[2 * j + 1];
    const float* xr = p.xr + j * p.count;
    const float* xi = p.xi + j * p.count;
    float* yr = p.yr + 3 * j * p.count;
    float* yi = p.yi + 3 * j * p.count;
    for (Index i = 0; i < p.count; i += kVec) {
      const Vec a0r = load(xr + i), a0i = load(xi + i);
      const Vec a1r = load(xr + i + step), a1i = load(xi + i + step);
      const Vec a2r = load(xr + i + 2 * step), a2i = load(xi + i + 2 * step);
      const Vec sr = a1r + a2r, si = a1i + a2i;
      const Vec dr = (a1r - a2r) * c, di = (a1i - a2i) * c;
      const Vec mr = a0r - sr * 0.5f, mi = a0i - si * 0.5f;
      // y1 = m + sigma i sin(2 pi / 3) (a1 - a2), y2 = m - ...
      store(yr + i, a0r + sr);
      store(yi + i, a0i + si);
      store_twiddled(yr + i + p.count, yi + i + p.count, mr - di, mi + dr, w1r, w1i);
      store_twiddled(yr + i + 2 * p.count, yi + i + 2 * p.count, mr + di, mi - dr, w2r, w2i);
    }
  }
}

template <int sigma>
void radix5(const Pass& p) {
  const float c1 = 0.309016994374947424f;          // cos(2 pi / 5)
  const float c2 = -0.809016994374947424f;         // cos(4 pi / 5)
  const float s1 = sigma * 0.951056516295153572f;  // sigma sin(2 pi / 5)
  const float s2 = sigma * 0.587785252292473129f;  // sigma sin(4 pi / 5)
  const Index step = p.m * p.count;
  for (Index j = 0; j < p.m; ++j) {
    float w_re[4], w_im[4];
    for (int k = 0; k < 4; ++k) {
      w_re[k] = p.wr[4 * j + k];
      w_im[k] = sigma * -p.wi[4 * j + k];
    }
    const float* xr = p.xr + j * p.count;
    const float* xi = p.xi + j * p.count;
    float* yr = p.yr + 5 * j * p.count;
    float* yi = p.yi + 5 * j * p.count;
    for (Index i = 0; i < p.count; i += kVec) {
      const Vec a0r = load(xr + i), a0i = load(xi + i);
      const Vec a1r = load(xr + i + step), a1i = load(xi + i + step);
      const Vec a2r = load(xr + i + 2 * step), a2i = load(xi + i + 2 * step);
      const Vec a3r = load(xr + i + 3 * step), a3i = load(xi + i + 3 * step);
      const Vec a4r = load(xr + i + 4 * step), a4i = load(xi + i + 4 * step);
      const Vec s14r = a1r + a4r, s14i = a1i + a4i, d14r = a1r - a4r, d14i = a1i - a4i;
      const Vec s23r = a2r + a3r, s23i = a2i + a3i, d23r = a2r - a3r, d23i = a2i - a3i;
      const Vec e1r = a0r + s14r * c1 + s23r * c2, e1i = a0i + s14i * c1 + s23i * c2;
      const Vec e2r = a0r + s14r * c2 + s23r * c1, e2i = a0i + s14i * c2 + s23i * c1;
      // u1 = sigma (sin(2pi/5) d14 + sin(4pi/5) d23), u2 = sigma (sin(4pi/5) d14 - sin(2pi/5) d23);
      // y1, y4 = e1 +- i u1; y2, y3 = e2 +- i u2.
      const Vec u1r = d14r * s1 + d23r * s2, u1i = d14i * s1 + d23i * s2;
      const Vec u2r = d14r * s2 - d23r * s1, u2i = d14i * s2 - d23i * s1;
      store(yr + i, a0r + s14r + s23r);
      store(yi + i, a0i + s14i + s23i);
      store_twiddled(yr + i + p.count, yi + i + p.count, e1r - u1i, e1i + u1r, w_re[0], w_im[0]);
      store_twiddled(yr + i + 2 * p.count, yi + i + 2 * p.count, e2r - u2i, e2i + u2r, w_re[1],
                     w_im[1]);
      store_twiddled(yr + i + 3 * p.count, yi + i + 3 * p.count, e2r + u2i, e2i - u2r, w_re[2],
                     w_im[2]);
      store_twiddled(yr + i + 4 * p.count, yi + i + 4 * p.count, e1r + u1i, e1i - u1r, w_re[3],
                     w_im[3]);
    }
  }
}

template <int sigma>
void run_stage(int radix, const Pass& pass) {
  switch (radix) {
    case 2:
      return radix2<sigma>(pass);
    case 3:
      return radix3<sigma>(pass);
    case 4:
      return radix4<sigma>(pass);
    default:
      return radix5<sigma>(pass);
  }
}

}  // namespace

void BatchFft::assign(int n) {
  if (n == n_) return;
  n_ = n;
  std::vector<int> radices;
  int rest = n;
  while (rest % 4 == 0) {
    radices.push_back(4);
    rest /= 4;
  }
  if (rest % 2 == 0) {
    radices.push_back(2);
    rest /= 2;
  }
  for (int p : {3, 5})
    while (rest % p == 0) {
      radices.push_back(p);
      rest /= p;
    }
  stages_.clear();
  twiddle_re_.clear();
  twiddle_im_.clear();
  int s = 1;
  for (int p : radices) {
    const int n_here = n / s;
    const int m = n_here / p;
    stages_.push_back({p, m, s, static_cast<int>(twiddle_re_.size())});
    for (int j = 0; j < m; ++j)
      for (int k = 1; k < p; ++k) {
        const double angle = -2.0 * M_PI * j * k / n_here;
        twiddle_re_.push_back(static_cast<float>(std::cos(angle)));
        twiddle_im_.push_back(static_cast<float>(std::sin(angle)));
      }
    s *= p;
  }
  scratch_re_.assign(static_cast<std::size_t>(n) * kFftLanes, 0.0f);
  scratch_im_.assign(static_cast<std::size_t>(n) * kFftLanes, 0.0f);
}

void BatchFft::transform(float* re, float* im, bool inverse) {
  float* x_re = re;
  float* x_im = im;
  float* y_re = scratch_re_.data();
  float* y_im = scratch_im_.data();
  for (const Stage& stage : stages_) {
    const Pass pass{x_re,
                    x_im,
                    y_re,
                    y_im,
                    twiddle_re_.data() + stage.twiddle,
                    twiddle_im_.data() + stage.twiddle,
                    stage.m,
                    static_cast<Index>(stage.s) * kFftLanes};
    if (inverse) {
      run_stage<1>(stage.radix, pass);
    } else {
      run_stage<-1>(stage.radix, pass);
    }
    std::swap(x_re, y_re);
    std::swap(x_im, y_im);
  }
  if (x_re != re) {
    const std::size_t floats = static_cast<std::size_t>(n_) * kFftLanes;
    std::copy(x_re, x_re + floats, re);
    std::copy(x_im, x_im + floats, im);
  }
}

}  // namespace convscope
