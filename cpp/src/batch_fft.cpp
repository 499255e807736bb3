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

namespace convscope {
namespace {

using Index = std::ptrdiff_t;

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

// The DFT of p complex vectors (ar, ai) into (br, bi), with v = exp(sigma 2 pi i / p); sigma is
// the sign of the exponent: -1 forward, +1 inverse.
template <int sigma>
struct Butterfly {
  template <int radix>
  static void run(const Vec4* ar, const Vec4* ai, Vec4* br, Vec4* bi) {
    if constexpr (radix == 2) {
      br[0] = ar[0] + ar[1];
      bi[0] = ai[0] + ai[1];
      br[1] = ar[0] - ar[1];
      bi[1] = ai[0] - ai[1];
    } else if constexpr (radix == 4) {
      const Vec4 t0r = ar[0] + ar[2], t0i = ai[0] + ai[2];
      const Vec4 t1r = ar[0] - ar[2], t1i = ai[0] - ai[2];
      const Vec4 t2r = ar[1] + ar[3], t2i = ai[1] + ai[3];
      // (a1 - a3) * sigma i
      const Vec4 t3r = (ai[3] - ai[1]) * float(sigma), t3i = (ar[1] - ar[3]) * float(sigma);
      br[0] = t0r + t2r;
      bi[0] = t0i + t2i;
      br[1] = t1r + t3r;
      bi[1] = t1i + t3i;
      br[2] = t0r - t2r;
      bi[2] = t0i - t2i;
      br[3] = t1r - t3r;
      bi[3] = t1i - t3i;
    } else if constexpr (radix == 3) {
      const float c = sigma * 0.866025403784438647f;  // sigma sin(2 pi / 3)
      const Vec4 sr = ar[1] + ar[2], si = ai[1] + ai[2];
      const Vec4 dr = (ar[1] - ar[2]) * c, di = (ai[1] - ai[2]) * c;
      const Vec4 mr = ar[0] - sr * 0.5f, mi = ai[0] - si * 0.5f;
      // y1, y2 = m +- sigma i sin(2 pi / 3) (a1 - a2)
      br[0] = ar[0] + sr;
      bi[0] = ai[0] + si;
      br[1] = mr - di;
      bi[1] = mi + dr;
      br[2] = mr + di;
      bi[2] = mi - dr;
    } else {
      static_assert(radix == 5, "radices 2, 3, 4 and 5");
      const float c1 = 0.309016994374947424f;          // cos(2 pi / 5)
      const float c2 = -0.809016994374947424f;         // cos(4 pi / 5)
      const float s1 = sigma * 0.951056516295153572f;  // sigma sin(2 pi / 5)
      const float s2 = sigma * 0.587785252292473129f;  // sigma sin(4 pi / 5)
      const Vec4 s14r = ar[1] + ar[4], s14i = ai[1] + ai[4];
      const Vec4 d14r = ar[1] - ar[4], d14i = ai[1] - ai[4];
      const Vec4 s23r = ar[2] + ar[3], s23i = ai[2] + ai[3];
      const Vec4 d23r = ar[2] - ar[3], d23i = ai[2] - ai[3];
      const Vec4 e1r = ar[0] + s14r * c1 + s23r * c2, e1i = ai[0] + s14i * c1 + s23i * c2;
      const Vec4 e2r = ar[0] + s14r * c2 + s23r * c1, e2i = ai[0] + s14i * c2 + s23i * c1;
      // u1 = sigma (sin(2pi/5) d14 + sin(4pi/5) d23), u2 = sigma (sin(4pi/5) d14 - sin(2pi/5) d23);
      // y1, y4 = e1 +- i u1; y2, y3 = e2 +- i u2.
      const Vec4 u1r = d14r * s1 + d23r * s2, u1i = d14i * s1 + d23i * s2;
      const Vec4 u2r = d14r * s2 - d23r * s1, u2i = d14i * s2 - d23i * s1;
      br[0] = ar[0] + s14r + s23r;
      bi[0] = ai[0] + s14i + s23i;
      br[1] = e1r - u1i;
      bi[1] = e1i + u1r;
      br[2] = e2r - u2i;
      bi[2] = e2i + u2r;
      br[3] = e2r + u2i;
      bi[3] = e2i - u2r;
      br[4] = e1r + u1i;
      bi[4] = e1i - u1r;
    }
  }
};

// The stage: for each j, the butterflies of the runs j + r m, then y_k times w^(j k).
template <int radix, int sigma>
void stage(const Pass& p) {
  const Index step = p.m * p.count;
  for (Index j = 0; j < p.m; ++j) {
    float wr[radix], wi[radix];  // [k] for k >= 1; conjugated when inverse
    for (int k = 1; k < radix; ++k) {
      wr[k] = p.wr[(radix - 1) * j + k - 1];
      wi[k] = sigma * -p.wi[(radix - 1) * j + k - 1];
    }
    const float* xr = p.xr + j * p.count;
    const float* xi = p.xi + j * p.count;
    float* yr = p.yr + radix * j * p.count;
    float* yi = p.yi + radix * j * p.count;
    for (Index i = 0; i < p.count; i += kVec) {
      Vec4 ar[radix], ai[radix], br[radix], bi[radix];
      for (int r = 0; r < radix; ++r) {
        ar[r] = load4(xr + i + r * step);
        ai[r] = load4(xi + i + r * step);
      }
      Butterfly<sigma>::template run<radix>(ar, ai, br, bi);
      store4(yr + i, br[0]);
      store4(yi + i, bi[0]);
      for (int k = 1; k < radix; ++k) {
        store4(yr + i + k * p.count, br[k] * wr[k] - bi[k] * wi[k]);
        store4(yi + i + k * p.count, br[k] * wi[k] + bi[k] * wr[k]);
      }
    }
  }
}

template <int sigma>
void run_stage(int radix, const Pass& pass) {
  switch (radix) {
    case 2:
      return stage<2, sigma>(pass);
    case 3:
      return stage<3, sigma>(pass);
    case 4:
      return stage<4, sigma>(pass);
    default:
      return stage<5, sigma>(pass);
  }
}

}  // namespace

void BatchFft::assign(int n) {
  if (n == n_) return;
  n_ = 0;  // until every table below is allocated: a throw leaves the plan to be rebuilt
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
  n_ = n;
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
