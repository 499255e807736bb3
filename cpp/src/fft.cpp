// FftCorrelator: 'valid' correlation through KissFFT, tiled by overlap-save.
//
// The pieces, and why each is there:
//   - Dilation d splits the problem into d_y x d_x independent undilated ones (polyphase): output
//     row y reads source rows y, y + d, y + 2d..., so the rows of one residue class mod d form a
//     sub-image correlated with the compact kernel. The FFT size then follows kh, not d * (kh - 1).
//   - Overlap-save tiles: a tile of T x U sub-image pixels, correlated circularly with the kernel
//     zero-padded to T x U, gives (T - kh + 1) x (U - kw + 1) exact 'valid' outputs (no wrap-around
//     reaches them). Tiles overlap by kh - 1 rows and kw - 1 columns; T and U are fast sizes
//     (factors 2, 3, 5) chosen by the cost model in choose_tile.
//   - Two real tiles per complex FFT: tile a goes in the real part and tile b in the imaginary
//     part. The kernel is real, so inverse(spectrum(a + i b) x conj(W)) = (a * w) + i (b * w):
//     one complex transform serves two tiles forward and two tiles inverse, the same work as real
//     transforms without their packing step.
//   - Stride: the stride-1 result of each tile is computed, but the last inverse pass (the rows)
//     only runs for rows that land on the stride grid, and only those columns are read.
//   - Kernel spectra are made once per bank and kept while the kernels and the plan are unchanged
//     (checked by comparing the taps: nk * kh * kw floats, cheap next to one FFT), so the live path
//     with the same bank every frame only transforms the image.
#include <algorithm>
#include <cmath>
#include <complex>
#include <cstddef>
#include <kissfft.hh>
#include <limits>
#include <vector>

#include "algorithms.hpp"

namespace convscope {
namespace {

using Complex = std::complex<float>;
using Fft = kissfft<float>;

// Cost model, in units of one element of one radix-2 stage of KissFFT (~0.3 ns here). Measured on
// this machine (2-core AMD EPYC, g++ 12 -O3) with 1-D transforms of 16..512 points and whole
// problems (512x512 and 2048x2048 images, 3x3..31x31 kernels) at forced tile sizes:
//   - a transform of n points costs n (log2 n + leaf_cost(n)): KissFFT recurses down to its last
//     radix, and the per-call overhead there depends on it (radix 5 cheap, radix 2 and 3 as dear
//     as ~10 extra stages), so 160 = 4*4*2*5 runs faster per point than 128 = 4*4*4*2;
//   - kPassCost per element of a 2-D transform for filling the tile and the strided copies;
//   - kMultiplyCost per element for the product with one kernel's spectrum.
constexpr double kPassCost = 3.0;
constexpr double kMultiplyCost = 1.0;

// Tiles are kept to what nk kernel spectra plus three work buffers of T x U complex floats can hold
// in 256 MiB (a browser's heap is small): a full bank of 256 kernels at the largest kernel side,
// 255 x 255, still fits in the smallest tile (256 x 256), which is always allowed.
constexpr double kMaxPlanBytes = 256.0 * 1024 * 1024;

double leaf_cost(int n) {
  if (n % 5 == 0) return 6.0;
  if (n % 3 == 0) return 17.0;
  int twos = 0;
  for (; n % 2 == 0; n /= 2) ++twos;
  return twos % 2 == 0 ? 9.0 : 17.0;  // KissFFT takes radix 4 first: an odd power ends in radix 2
}

// One overlap-save tile: phase (py, px) of the dilation, first sub-image output row m0 / column
// n0, and how many sub-image output rows/columns it yields.
struct Tile {
  int phase_y = 0;
  int phase_x = 0;
  int m0 = 0;
  int n0 = 0;
  int rows = 0;
  int cols = 0;
};

// The sizes that decide the plan.
struct PlanKey {
  int source_h = -1, source_w = -1;
  int kernel_h = -1, kernel_w = -1;
  int stride_y = -1, stride_x = -1;
  int dilation_y = -1, dilation_x = -1;
  int out_h = -1, out_w = -1;
  int bank = -1;
  bool operator==(const PlanKey& o) const {
    return source_h == o.source_h && source_w == o.source_w && kernel_h == o.kernel_h &&
           kernel_w == o.kernel_w && stride_y == o.stride_y && stride_x == o.stride_x &&
           dilation_y == o.dilation_y && dilation_x == o.dilation_x && out_h == o.out_h &&
           out_w == o.out_w && bank == o.bank;
  }
};

// Sub-image outputs phase p of an axis must produce: stride-1 positions p, p + d, p + 2d... up to
// the last one on the output grid, (out - 1) * stride. 0 when the phase holds none.
int phase_extent(int phase, int dilation, int stride, int out) {
  const long long last = static_cast<long long>(out - 1) * stride;
  if (phase > last) return 0;
  return static_cast<int>((last - phase) / dilation + 1);
}

// A buffer pitch (in complex values) of at least n that is an odd number of 64-byte cache lines,
// so walking down a column does not land every access in the same few cache sets (a pitch of 256
// complex values made 128x128 and 256x256 tiles ~1.5x slower).
int padded_pitch(int n) {
  const int lines = (n + 7) / 8;
  return 8 * (lines % 2 == 1 ? lines : lines + 1);
}

double log2_of(int n) { return std::log2(static_cast<double>(n)); }

// All fast sizes in [lo, hi], ascending.
void fast_sizes(int lo, int hi, std::vector<int>& out) {
  out.clear();
  for (int n = next_fast_size(lo); n <= hi; n = next_fast_size(n + 1)) out.push_back(n);
}

// Picks the tile T x U minimizing the modelled cost of the whole problem: per pair of tiles one
// forward and nk inverse 2-D transforms, plus nk products per tile, plus the bank's spectra
// (two kernels per transform). A 2-D transform of T x U costs U times a T-point one plus T times
// a U-point one, plus kPassCost per element.
// Candidates run from the kernel size up to one tile holding the whole (largest) phase, so a
// small image is one tile and a large one is cut where the overlap waste and the log factor
// balance.
void choose_tile(int extent_y, int extent_x, int kernel_h, int kernel_w, int phases, int bank,
                 int& tile_h, int& tile_w) {
  std::vector<int> ys, xs;
  fast_sizes(kernel_h, next_fast_size(extent_y + kernel_h - 1), ys);
  fast_sizes(kernel_w, next_fast_size(extent_x + kernel_w - 1), xs);
  double best = std::numeric_limits<double>::max();
  for (int t : ys) {
    const double tiles_y = std::ceil(static_cast<double>(extent_y) / (t - kernel_h + 1));
    for (int u : xs) {
      const double tiles_x = std::ceil(static_cast<double>(extent_x) / (u - kernel_w + 1));
      const double tiles = tiles_y * tiles_x * phases;
      const double area = static_cast<double>(t) * u;
      const bool smallest = t == ys.front() && u == xs.front();
      if ((bank + 3) * area * sizeof(Complex) > kMaxPlanBytes && !smallest) continue;
      const double transform =
          area * (log2_of(t) + leaf_cost(t) + log2_of(u) + leaf_cost(u) + kPassCost);
      const double cost = (std::ceil(tiles / 2) * (1 + bank) + std::ceil(bank / 2.0)) * transform +
                          tiles * bank * area * kMultiplyCost;
      if (cost < best) {
        best = cost;
        tile_h = t;
        tile_w = u;
      }
    }
  }
}

// out[i] = a[i] * b[i] over n complex values, written out so it vectorizes (std::complex's
// operator* carries a NaN-recovery branch; the data here are finite).
void multiply(const Complex* a, const Complex* b, Complex* out, int n) {
  const float* x = reinterpret_cast<const float*>(a);
  const float* y = reinterpret_cast<const float*>(b);
  float* z = reinterpret_cast<float*>(out);
  for (int i = 0; i < n; ++i) {
    const float re = x[2 * i] * y[2 * i] - x[2 * i + 1] * y[2 * i + 1];
    const float im = x[2 * i] * y[2 * i + 1] + x[2 * i + 1] * y[2 * i];
    z[2 * i] = re;
    z[2 * i + 1] = im;
  }
}

}  // namespace

int next_fast_size(int n) {
  if (n <= 1) return 1;
  long long best = std::numeric_limits<long long>::max();
  for (long long p5 = 1; p5 < best; p5 *= 5) {
    for (long long p35 = p5; p35 < best; p35 *= 3) {
      long long m = p35;
      while (m < n) m *= 2;
      best = std::min(best, m);
    }
  }
  return static_cast<int>(best);
}

struct FftCorrelator::Cache {
  PlanKey key;
  int tile_h = 0;        // T
  int tile_w = 0;        // U
  int row_pitch = 0;     // padded_pitch(U): distance between rows of `rows`
  int column_pitch = 0;  // padded_pitch(T): distance between columns of `spectrum`, `product`
  Fft row_forward{1, false};
  Fft row_inverse{1, true};
  Fft column_forward{1, false};
  Fft column_inverse{1, true};
  std::vector<Tile> tiles;  // every tile of every dilation phase, in pairs

  // Spectra of the bank, nk blocks of U x T, column-major (frequency (u, v) at [v * T + u]),
  // holding conj(W) / (T U): correlation and the inverse's 1 / (T U) folded in.
  std::vector<Complex> kernel_spectra;
  std::vector<float> kernel_taps;  // nk * kh * kw: the kernels those spectra were made from
  bool spectra_valid = false;

  std::vector<Complex> rows;      // T x U row-major (pitch row_pitch): row transforms of a + i b
  std::vector<Complex> spectrum;  // U x T column-major (pitch column_pitch): the pair's spectrum
  std::vector<Complex> product;   // U x T column-major (pitch column_pitch): spectrum x one
                                  // kernel's, columns inverted
  std::vector<Complex> line;      // max(T, U): one row or column in flight
};

FftCorrelator::FftCorrelator() : cache_(std::make_unique<Cache>()) {}
FftCorrelator::~FftCorrelator() = default;

void FftCorrelator::run(const BankProblem& problem, std::vector<Plane>& outputs) {
  Cache& c = *cache_;
  const int kh = problem.kernel_h();
  const int kw = problem.kernel_w();
  const int nk = static_cast<int>(problem.kernels.size());
  const int sy = problem.stride.y, sx = problem.stride.x;
  const int dy = problem.dilation.y, dx = problem.dilation.x;
  const PlaneView& src = problem.source;

  const PlanKey key{src.height,    src.width,     kh, kw, sy, sx, dy, dx,
                    problem.out_h, problem.out_w, nk};
  if (!(key == c.key)) {
    c.key = key;
    int phases = 0;
    for (int py = 0; py < dy; ++py)
      for (int px = 0; px < dx; ++px)
        if (phase_extent(py, dy, sy, problem.out_h) > 0 &&
            phase_extent(px, dx, sx, problem.out_w) > 0)
          ++phases;
    choose_tile(phase_extent(0, dy, sy, problem.out_h), phase_extent(0, dx, sx, problem.out_w), kh,
                kw, phases, nk, c.tile_h, c.tile_w);
    c.row_forward.assign(c.tile_w, false);
    c.row_inverse.assign(c.tile_w, true);
    c.column_forward.assign(c.tile_h, false);
    c.column_inverse.assign(c.tile_h, true);
    const std::size_t area = static_cast<std::size_t>(c.tile_h) * c.tile_w;
    c.row_pitch = padded_pitch(c.tile_w);
    c.column_pitch = padded_pitch(c.tile_h);
    c.rows.resize(static_cast<std::size_t>(c.tile_h) * c.row_pitch);
    c.spectrum.resize(static_cast<std::size_t>(c.tile_w) * c.column_pitch);
    c.product.resize(static_cast<std::size_t>(c.tile_w) * c.column_pitch);
    c.line.resize(std::max(c.tile_h, c.tile_w));
    c.kernel_spectra.resize(area * nk);
    c.spectra_valid = false;

    const int step_y = c.tile_h - kh + 1, step_x = c.tile_w - kw + 1;
    c.tiles.clear();
    for (int py = 0; py < dy; ++py) {
      const int my = phase_extent(py, dy, sy, problem.out_h);
      for (int px = 0; px < dx; ++px) {
        const int mx = phase_extent(px, dx, sx, problem.out_w);
        for (int m0 = 0; m0 < my; m0 += step_y)
          for (int n0 = 0; n0 < mx; n0 += step_x)
            c.tiles.push_back(
                {py, px, m0, n0, std::min(step_y, my - m0), std::min(step_x, mx - n0)});
      }
    }
  }
  const int T = c.tile_h, U = c.tile_w;
  const std::size_t area = static_cast<std::size_t>(T) * U;
  const int rp = c.row_pitch, cp = c.column_pitch;
  Complex* rows = c.rows.data();
  Complex* spectrum = c.spectrum.data();
  Complex* product = c.product.data();
  Complex* line = c.line.data();

  // The second half of a 2-D forward transform: the columns of `rows` (T x U, already transformed
  // along x) into `spectrum` (column-major).
  auto forward_columns = [&]() {
    for (int v = 0; v < U; ++v) c.column_forward.transform(rows + v, spectrum + v * cp, 0, 1, rp);
  };

  // Kernel spectra, two kernels per transform: z = w1 + i w2, then W1 = (Z + conj(Z_-f)) / 2 and
  // W2 = (Z - conj(Z_-f)) / 2i.
  const std::size_t taps = static_cast<std::size_t>(kh) * kw;
  bool same_taps = c.spectra_valid && c.kernel_taps.size() == taps * nk;
  for (int k = 0; k < nk && same_taps; ++k)
    same_taps = std::equal(problem.kernels[k].data, problem.kernels[k].data + taps,
                           c.kernel_taps.begin() + k * taps);
  if (!same_taps) {
    c.kernel_taps.resize(taps * nk);
    for (int k = 0; k < nk; ++k)
      std::copy(problem.kernels[k].data, problem.kernels[k].data + taps,
                c.kernel_taps.begin() + k * taps);
    const float scale = 1.0f / static_cast<float>(area);
    for (int k = 0; k < nk; k += 2) {
      const PlaneView& w1 = problem.kernels[k];
      const PlaneView* w2 = k + 1 < nk ? &problem.kernels[k + 1] : nullptr;
      std::fill(c.rows.begin(), c.rows.end(), Complex(0, 0));
      for (int t = 0; t < kh; ++t) {
        std::fill(line, line + U, Complex(0, 0));
        for (int l = 0; l < kw; ++l) line[l] = Complex(w1.at(t, l), w2 ? w2->at(t, l) : 0.0f);
        c.row_forward.transform(line, rows + t * rp);
      }
      forward_columns();
      Complex* out1 = c.kernel_spectra.data() + k * area;
      Complex* out2 = w2 ? out1 + area : nullptr;
      for (int v = 0; v < U; ++v) {
        const int nv = (U - v) % U;
        for (int u = 0; u < T; ++u) {
          const Complex z = spectrum[v * cp + u];
          const Complex zn = std::conj(spectrum[nv * cp + (T - u) % T]);
          out1[v * T + u] = std::conj(0.5f * (z + zn)) * scale;
          if (out2) out2[v * T + u] = std::conj(Complex(0, -0.5f) * (z - zn)) * scale;
        }
      }
    }
    c.spectra_valid = true;
  }

  // Fills row t of a tile from the source: sub-image row m0 + t of phase py, columns n0... of
  // phase px; zero past the source. Only the rows the tile's outputs read (rows + kh - 1) matter.
  auto source_row = [&](const Tile& tile, int t, float* dst, int stride_dst) {
    const int needed = tile.rows + kh - 1;
    const int y = tile.phase_y + (tile.m0 + t) * dy;
    if (t >= needed || y >= src.height) {
      for (int l = 0; l < U; ++l) dst[l * stride_dst] = 0.0f;
      return;
    }
    const float* row = src.data + static_cast<std::size_t>(y) * src.width;
    const int x0 = tile.phase_x + tile.n0 * dx;
    const int inside = x0 < src.width ? (src.width - 1 - x0) / dx + 1 : 0;
    const int cols = std::min({U, tile.cols + kw - 1, inside});
    for (int l = 0; l < cols; ++l) dst[l * stride_dst] = row[x0 + l * dx];
    for (int l = cols; l < U; ++l) dst[l * stride_dst] = 0.0f;
  };

  // Writes the stride-1 result row t of a tile (values[l * 2], real or imaginary part) into the
  // outputs, keeping the positions on the stride grid.
  auto store_row = [&](const Tile& tile, int t, const float* values, Plane& out) {
    const long long y = tile.phase_y + static_cast<long long>(tile.m0 + t) * dy;
    if (t >= tile.rows || y % sy != 0) return;
    float* dst = out.row(static_cast<int>(y / sy));
    // x = px + (n0 + l) dx walks by dx; keep x / sx and x % sx as it goes, not dividing per pixel.
    const int x0 = tile.phase_x + tile.n0 * dx;
    if (sx == 1) {
      for (int l = 0; l < tile.cols; ++l) dst[x0 + l * dx] = values[2 * l];
      return;
    }
    int j = x0 / sx, rem = x0 % sx;
    const int step = dx / sx, step_rem = dx % sx;
    for (int l = 0; l < tile.cols; ++l) {
      if (rem == 0) dst[j] = values[2 * l];
      j += step;
      rem += step_rem;
      if (rem >= sx) {
        rem -= sx;
        ++j;
      }
    }
  };
  auto row_needed = [&](const Tile& tile, int t) {
    return t < tile.rows && (tile.phase_y + static_cast<long long>(tile.m0 + t) * dy) % sy == 0;
  };

  const Tile empty{0, 0, 0, 0, 0, 0};
  for (std::size_t p = 0; p < c.tiles.size(); p += 2) {
    const Tile& a = c.tiles[p];
    const Tile& b = p + 1 < c.tiles.size() ? c.tiles[p + 1] : empty;
    const int filled = std::max(a.rows, b.rows) + kh - 1;
    float* packed = reinterpret_cast<float*>(line);
    for (int t = 0; t < T; ++t) {
      if (t >= filled) {
        std::fill(rows + t * rp, rows + t * rp + U, Complex(0, 0));
        continue;
      }
      source_row(a, t, packed, 2);
      if (b.rows > 0) {
        source_row(b, t, packed + 1, 2);
      } else {
        for (int l = 0; l < U; ++l) packed[2 * l + 1] = 0.0f;
      }
      c.row_forward.transform(line, rows + t * rp);
    }
    forward_columns();

    for (int k = 0; k < nk; ++k) {
      const Complex* kernel = c.kernel_spectra.data() + k * area;
      for (int v = 0; v < U; ++v) {
        multiply(spectrum + v * cp, kernel + v * T, line, T);
        c.column_inverse.transform(line, product + v * cp);
      }
      for (int t = 0; t < T; ++t) {
        const bool need_a = row_needed(a, t), need_b = row_needed(b, t);
        if (!need_a && !need_b) continue;
        c.row_inverse.transform(product + t, line, 0, 1, cp);
        const float* values = reinterpret_cast<const float*>(line);
        if (need_a) store_row(a, t, values, outputs[k]);
        if (need_b) store_row(b, t, values + 1, outputs[k]);
      }
    }
  }
}

}  // namespace convscope
