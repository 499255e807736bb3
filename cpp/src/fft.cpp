// FftCorrelator: 'valid' correlation through the FFT (BatchFft, or KissFFT: lane_fft.hpp), tiled
// by overlap-save.
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
//   - Every 1-D transform runs kFftLanes at a time (lane_fft.hpp): forward, the columns of a
//     strip of kFftLanes tile columns (filled straight from the source), then the rows of a group
//     of kFftLanes tile rows (gathered from `grid`), whose spectra stay in that grouped layout;
//     inverse, the rows of each group (after the product with a kernel's spectrum, scattered into
//     `grid`), then the columns of each strip, whose rows on the stride grid are the outputs.
//   - Kernel spectra are made once per bank and kept while the kernels and the plan are unchanged
//     (checked by comparing the taps: nk * kh * kw floats, cheap next to one FFT), so the live path
//     with the same bank every frame only transforms the image.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstring>
#include <limits>
#include <vector>

#include "algorithms.hpp"
#include "lane_fft.hpp"
#include "simd.hpp"

namespace convscope {
namespace {

constexpr int L = kFftLanes;

// Cost model for the tile size, in units of one element of one radix-4 stage of BatchFft (0.2 ns
// natively). A transform of n points costs n times the sum of its stages' costs per element
// (radix 4: 1, 2: 0.58, 3: 0.92, 5: 1.45, plus 0.26 for the copy back after an odd number of
// stages; fitted to 1-D transforms of 9 to 1024 points, within 11%); a 2-D transform of T x U adds
// kPassCost per element for filling, gathering and scattering; the product with one kernel's
// spectrum costs kMultiplyCost per element. The last two fitted to whole problems at forced square
// tiles (512x512 and 1024x1024 with 7x7 to 31x31 kernels, banks of 1 and 4; 2048x2048 31x31; 88
// runs, median error 6%), where the model then picks the fastest tile or one within 1.06x of it.
constexpr double kPassCost = 1.05;
constexpr double kMultiplyCost = 1.65;

// Tiles are kept to what the plan's buffers (nk kernel spectra and the pair's, each T x U complex
// values rounded up to whole groups, plus the grid) can hold in 256 MiB (a browser's heap is
// small): the smallest tile is always allowed, so a full bank of 256 kernels at the largest kernel
// side, 255 x 255, still runs, in 256 x 256 tiles (about 140 MB).
constexpr double kMaxPlanBytes = 256.0 * 1024 * 1024;

double transform_cost(int n) {
  double per_element = 0.0;
  int stages = 0;
  for (; n % 4 == 0; n /= 4, ++stages) per_element += 1.0;
  for (; n % 2 == 0; n /= 2, ++stages) per_element += 0.58;
  for (; n % 3 == 0; n /= 3, ++stages) per_element += 0.92;
  for (; n % 5 == 0; n /= 5, ++stages) per_element += 1.45;
  return per_element + (stages % 2 == 1 ? 0.26 : 0.0);
}

int round_up(int n, int to) { return (n + to - 1) / to * to; }

// One run of L floats: a fixed size, so the compiler inlines it (std::copy of a runtime length
// called memmove, 17% of a 512x512 7x7 correlation).
void copy_lanes(const float* from, float* to) { std::memcpy(to, from, L * sizeof(float)); }

// to[j * to_pitch + i] = from[i * from_pitch + j] for i, j < kVec.
void transpose_block(const float* from, int from_pitch, float* to, int to_pitch) {
  Vec4 a = load4(from), b = load4(from + from_pitch), c = load4(from + 2 * from_pitch),
       d = load4(from + 3 * from_pitch);
  transpose4(a, b, c, d);
  store4(to, a);
  store4(to + to_pitch, b);
  store4(to + 2 * to_pitch, c);
  store4(to + 3 * to_pitch, d);
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

// All fast sizes in [lo, hi], ascending.
void fast_sizes(int lo, int hi, std::vector<int>& out) {
  out.clear();
  for (int n = next_fast_size(lo); n <= hi; n = next_fast_size(n + 1)) out.push_back(n);
}

// Picks the tile T x U minimizing the modelled cost of the whole problem: per pair of tiles one
// forward and nk inverse 2-D transforms, plus nk products per tile, plus the bank's spectra
// (two kernels per transform). A 2-D transform of T x U costs its columns (U rounded up to whole
// batches of kFftLanes) and its rows (T rounded up likewise), plus kPassCost per element.
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
      const double spectrum = static_cast<double>(round_up(t, L)) * round_up(u, kVec);
      const double grid = static_cast<double>(round_up(t, L)) * round_up(u, L);
      if ((spectrum * (bank + 1) + grid) * 8 > kMaxPlanBytes && !smallest) continue;
      const double transform = static_cast<double>(round_up(u, L)) * t * transform_cost(t) +
                               static_cast<double>(round_up(t, L)) * u * transform_cost(u) +
                               area * kPassCost;
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

// A split complex buffer.
struct SplitBuffer {
  std::vector<float> re, im;
  void resize(std::size_t n) {
    re.assign(n, 0.0f);
    im.assign(n, 0.0f);
  }
};

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

// The plan of one problem's sizes (KissFFT's kiss_fft_cfg): tile size, transforms, tiles and
// buffers, and the kernel spectra, reused while sizes and kernels repeat.
struct FftPlan {
  explicit FftPlan(FftLibrary library)
      : along_y(make_lane_fft(library)), along_x(make_lane_fft(library)) {}
  PlanKey key;
  int tile_h = 0;              // T
  int tile_w = 0;              // U
  int groups = 0;              // G = ceil(T / L): groups of L tile rows
  int pitch = 0;               // P = U rounded up to L: row pitch of `grid`
  std::size_t group_size = 0;  // U rounded up to kVec, times L: floats of one group's spectrum
  std::unique_ptr<LaneFft> along_y;  // T points
  std::unique_ptr<LaneFft> along_x;  // U points
  std::vector<Tile> tiles;           // every tile of every dilation phase, in pairs

  // Spectra, grouped: frequency (t, v) of group g = t / L at [g * group_size + v * L + t % L], G
  // groups each. `kernels` holds nk of them, conj(W) / (T U): correlation and the inverse's 1 / (T
  // U) folded in; `pair` the spectrum of the tile pair in flight.
  SplitBuffer kernels;
  std::vector<float> kernel_taps;  // nk * kh * kw: the kernels those spectra were made from
  bool spectra_valid = false;
  SplitBuffer pair;
  SplitBuffer grid;   // G L x P, row-major: columns transformed (forward) or rows (inverse);
                      // rows from T on stay zero
  SplitBuffer strip;  // max(T L, group_size): one strip of columns or one product in flight

  std::size_t spectrum_size() const { return group_size * groups; }
};

namespace {

PlanKey key_of(const BankProblem& problem) {
  return {problem.source.height,
          problem.source.width,
          problem.kernel_h(),
          problem.kernel_w(),
          problem.stride.y,
          problem.stride.x,
          problem.dilation.y,
          problem.dilation.x,
          problem.out_h,
          problem.out_w,
          static_cast<int>(problem.kernels.size())};
}

// Every overlap-save tile of every dilation phase, for tiles yielding step_y x step_x outputs.
void make_tiles(const PlanKey& k, int step_y, int step_x, std::vector<Tile>& tiles) {
  tiles.clear();
  for (int py = 0; py < k.dilation_y; ++py) {
    const int my = phase_extent(py, k.dilation_y, k.stride_y, k.out_h);
    for (int px = 0; px < k.dilation_x; ++px) {
      const int mx = phase_extent(px, k.dilation_x, k.stride_x, k.out_w);
      for (int m0 = 0; m0 < my; m0 += step_y)
        for (int n0 = 0; n0 < mx; n0 += step_x)
          tiles.push_back({py, px, m0, n0, std::min(step_y, my - m0), std::min(step_x, mx - n0)});
    }
  }
}

// Sizes, transforms, tiles and buffers for key. The key is set last: if an allocation throws, the
// next call rebuilds the plan rather than trusting buffers of the old sizes.
void make_plan(const PlanKey& key, FftPlan& plan) {
  plan.key = PlanKey{};
  plan.spectra_valid = false;
  const int dy = key.dilation_y, dx = key.dilation_x, sy = key.stride_y, sx = key.stride_x;
  int phases = 0;
  for (int py = 0; py < dy; ++py)
    for (int px = 0; px < dx; ++px)
      if (phase_extent(py, dy, sy, key.out_h) > 0 && phase_extent(px, dx, sx, key.out_w) > 0)
        ++phases;
  choose_tile(phase_extent(0, dy, sy, key.out_h), phase_extent(0, dx, sx, key.out_w), key.kernel_h,
              key.kernel_w, phases, key.bank, plan.tile_h, plan.tile_w);
  plan.along_y->assign(plan.tile_h);
  plan.along_x->assign(plan.tile_w);
  plan.groups = (plan.tile_h + L - 1) / L;
  plan.pitch = round_up(plan.tile_w, L);
  plan.group_size = static_cast<std::size_t>(round_up(plan.tile_w, kVec)) * L;
  plan.kernels.resize(plan.spectrum_size() * key.bank);
  plan.pair.resize(plan.spectrum_size());
  plan.grid.resize(static_cast<std::size_t>(plan.groups) * L * plan.pitch);
  plan.strip.resize(std::max(static_cast<std::size_t>(plan.tile_h) * L, plan.group_size));
  make_tiles(key, plan.tile_h - key.kernel_h + 1, plan.tile_w - key.kernel_w + 1, plan.tiles);
  plan.key = key;
}

// The forward 2-D transform of a T x U complex tile into plan.pair (grouped). fill(t, x0, re, im)
// writes tile row t, columns x0 .. x0 + L, into re[0..L) and im[0..L) (zero past the tile);
// `width` bounds the columns that may be non-zero and `height` the rows.
template <typename Fill>
void forward(FftPlan& plan, int height, int width, const Fill& fill) {
  const int T = plan.tile_h, U = plan.tile_w, P = plan.pitch;
  float* strip_re = plan.strip.re.data();
  float* strip_im = plan.strip.im.data();
  float* grid_re = plan.grid.re.data();
  float* grid_im = plan.grid.im.data();
  for (int x0 = 0; x0 < U; x0 += L) {
    if (x0 < width) {
      for (int t = 0; t < T; ++t) {
        float* re = strip_re + t * L;
        float* im = strip_im + t * L;
        if (t < height) {
          fill(t, x0, re, im);
        } else {
          std::fill(re, re + L, 0.0f);
          std::fill(im, im + L, 0.0f);
        }
      }
      plan.along_y->transform(strip_re, strip_im, false);
    } else {
      std::fill(strip_re, strip_re + T * L, 0.0f);
      std::fill(strip_im, strip_im + T * L, 0.0f);
    }
    for (int t = 0; t < T; ++t) {
      copy_lanes(strip_re + t * L, grid_re + t * P + x0);
      copy_lanes(strip_im + t * L, grid_im + t * P + x0);
    }
  }
  for (int g = 0; g < plan.groups; ++g) {
    float* re = plan.pair.re.data() + g * plan.group_size;
    float* im = plan.pair.im.data() + g * plan.group_size;
    for (int b0 = 0; b0 < L; b0 += kVec) {
      const std::size_t row = static_cast<std::size_t>(g * L + b0) * P;
      for (int v0 = 0; v0 < U; v0 += kVec) {
        transpose_block(grid_re + row + v0, P, re + v0 * L + b0, L);
        transpose_block(grid_im + row + v0, P, im + v0 * L + b0, L);
      }
    }
    plan.along_x->transform(re, im, false);
  }
}

// Fills a forward transform with two kernels: w1 * scale1 in the real part, w2 * scale2 (if any) in
// the imaginary.
struct KernelPair {
  const PlaneView& w1;
  const PlaneView* w2;
  float scale1;
  float scale2;
  void operator()(int t, int x0, float* re, float* im) const {
    for (int b = 0; b < L; ++b) {
      const int l = x0 + b;
      re[b] = l < w1.width ? w1.at(t, l) * scale1 : 0.0f;
      im[b] = l < w1.width && w2 ? w2->at(t, l) * scale2 : 0.0f;
    }
  }
};

// Sum of |w|, or 1 for an all-zero kernel.
float abs_sum(const PlaneView& w) {
  double sum = 0.0;
  for (std::size_t i = 0; i < w.size(); ++i) sum += std::fabs(w.data[i]);
  return sum > 0.0 ? static_cast<float>(sum) : 1.0f;
}

// Whether plan.kernel_taps, and so the spectra, are those of the problem's kernels.
bool same_kernels(const BankProblem& problem, const FftPlan& plan) {
  const std::size_t taps = static_cast<std::size_t>(problem.kernel_h()) * problem.kernel_w();
  if (!plan.spectra_valid || plan.kernel_taps.size() != taps * problem.kernels.size()) return false;
  for (std::size_t k = 0; k < problem.kernels.size(); ++k) {
    const float* w = problem.kernels[k].data;
    if (!std::equal(w, w + taps, plan.kernel_taps.begin() + k * taps)) return false;
  }
  return true;
}

// Kernel spectra, two kernels per transform: z = w1 / n1 + i w2 / n2, then W1 = n1 (Z + conj(Z_-f))
// / 2 and W2 = n2 (Z - conj(Z_-f)) / 2i; stored as conj(W) / (T U). Each kernel is scaled to a sum
// of |w| of 1 (n = sum |w|) while it shares a transform: the float error of the pair is then
// relative to each kernel's own size, not to the larger one's (a kernel of sum 5.6e-4 beside one of
// 10 was 2.2e-4 of its own scale off: found by tests/fuzz/fuzz_spec.cpp).
void make_kernel_spectra(const BankProblem& problem, FftPlan& plan) {
  const int nk = static_cast<int>(problem.kernels.size());
  const int T = plan.tile_h, U = plan.tile_w;
  const std::size_t taps = static_cast<std::size_t>(problem.kernel_h()) * problem.kernel_w();
  const std::size_t spectrum_size = plan.spectrum_size();
  plan.kernel_taps.resize(taps * nk);
  for (int k = 0; k < nk; ++k)
    std::copy(problem.kernels[k].data, problem.kernels[k].data + taps,
              plan.kernel_taps.begin() + k * taps);
  const float scale = 1.0f / (static_cast<float>(T) * static_cast<float>(U));
  const auto at = [&](int t, int v) { return plan.group_size * (t / L) + v * L + t % L; };
  for (int k = 0; k < nk; k += 2) {
    const PlaneView* w2 = k + 1 < nk ? &problem.kernels[k + 1] : nullptr;
    const float n1 = abs_sum(problem.kernels[k]), n2 = w2 ? abs_sum(*w2) : 1.0f;
    forward(plan, problem.kernel_h(), problem.kernel_w(),
            KernelPair{problem.kernels[k], w2, 1.0f / n1, 1.0f / n2});
    const float scale1 = scale * n1, scale2 = scale * n2;
    const float* z_re = plan.pair.re.data();
    const float* z_im = plan.pair.im.data();
    float* w1_re = plan.kernels.re.data() + k * spectrum_size;
    float* w1_im = plan.kernels.im.data() + k * spectrum_size;
    for (int t = 0; t < T; ++t) {
      const int nt = (T - t) % T;
      for (int v = 0; v < U; ++v) {
        const std::size_t i = at(t, v), j = at(nt, (U - v) % U);
        // conj(W1) = (conj(Z) + Z_-f) / 2; conj(W2) = i (conj(Z) - Z_-f) / 2.
        const float ar = z_re[i], ai = -z_im[i], br = z_re[j], bi = z_im[j];
        w1_re[i] = 0.5f * (ar + br) * scale1;
        w1_im[i] = 0.5f * (ai + bi) * scale1;
        if (w2) {
          w1_re[spectrum_size + i] = -0.5f * (ai - bi) * scale2;
          w1_im[spectrum_size + i] = 0.5f * (ar - br) * scale2;
        }
      }
    }
  }
  plan.spectra_valid = true;
}

// Fills dst with sub-image row t of a tile, columns l0 .. l0 + L; zero past the source and past
// the columns the tile's outputs read. Inlined, as store_lanes: called per row of L lanes, a call
// of its own costs the whole FFT 15-20 % at 512x512 3x3 (2026-12-04).
[[gnu::always_inline]] inline void fill_lanes(const BankProblem& problem, const Tile& tile, int t,
                                              int l0, float* dst) {
  const PlaneView& src = problem.source;
  const int kh = problem.kernel_h(), kw = problem.kernel_w();
  const int dy = problem.dilation.y, dx = problem.dilation.x;
  int valid = 0;
  const int y = tile.phase_y + (tile.m0 + t) * dy;
  if (tile.rows > 0 && t < tile.rows + kh - 1 && y < src.height) {
    const float* row = src.data + static_cast<std::size_t>(y) * src.width;
    const int x0 = tile.phase_x + (tile.n0 + l0) * dx;
    const int inside = x0 < src.width ? (src.width - 1 - x0) / dx + 1 : 0;
    valid = std::max(0, std::min({L, tile.cols + kw - 1 - l0, inside}));
    if (dx == 1 && valid == L) {
      copy_lanes(row + x0, dst);
      return;
    }
    for (int b = 0; b < valid; ++b) dst[b] = row[x0 + b * dx];
  }
  std::fill(dst + valid, dst + L, 0.0f);
}

// Fills a forward transform with two source tiles: a in the real part, b in the imaginary.
struct TilePair {
  const BankProblem& problem;
  const Tile& a;
  const Tile& b;
  void operator()(int t, int x0, float* re, float* im) const {
    fill_lanes(problem, a, t, x0, re);
    fill_lanes(problem, b, t, x0, im);
  }
};

// Writes the stride-1 results of tile row t, columns l0 .. l0 + L (values[b]), into `out`,
// keeping the positions on the stride grid.
[[gnu::always_inline]] inline void store_lanes(const BankProblem& problem, const Tile& tile, int t,
                                               int l0, const float* values, Plane& out) {
  const int sy = problem.stride.y, sx = problem.stride.x;
  const int dy = problem.dilation.y, dx = problem.dilation.x;
  const long long y = tile.phase_y + static_cast<long long>(tile.m0 + t) * dy;
  if (t >= tile.rows || y % sy != 0) return;
  float* dst = out.row(static_cast<int>(y / sy));
  const int count = std::min(L, tile.cols - l0);
  const int x0 = tile.phase_x + (tile.n0 + l0) * dx;
  if (sx == 1) {
    if (dx == 1 && count == L) {
      copy_lanes(values, dst + x0);
    } else {
      for (int b = 0; b < count; ++b) dst[x0 + b * dx] = values[b];
    }
    return;
  }
  for (int b = 0; b < count; ++b) {
    const int x = x0 + b * dx;
    if (x % sx == 0) dst[x / sx] = values[b];
  }
}

// The inverse's first half for kernel k: per group, the product of the pair's spectrum with the
// kernel's, inverse along x, scattered into `grid` (columns below out_cols).
void inverse_rows(FftPlan& plan, int k, int out_cols) {
  const int T = plan.tile_h, P = plan.pitch;
  const std::size_t group_size = plan.group_size;
  float* strip_re = plan.strip.re.data();
  float* strip_im = plan.strip.im.data();
  float* grid_re = plan.grid.re.data();
  float* grid_im = plan.grid.im.data();
  for (int g = 0; g < plan.groups; ++g) {
    const std::size_t offset = g * group_size;
    const float* __restrict zr = plan.pair.re.data() + offset;
    const float* __restrict zi = plan.pair.im.data() + offset;
    const float* __restrict wr = plan.kernels.re.data() + k * plan.spectrum_size() + offset;
    const float* __restrict wi = plan.kernels.im.data() + k * plan.spectrum_size() + offset;
    for (std::size_t i = 0; i < group_size; ++i) {
      strip_re[i] = zr[i] * wr[i] - zi[i] * wi[i];
      strip_im[i] = zr[i] * wi[i] + zi[i] * wr[i];
    }
    plan.along_x->transform(strip_re, strip_im, true);
    // Whole blocks of 4 rows: rows T .. T + 3 exist in `grid` but must stay zero.
    for (int b0 = 0; b0 < L && g * L + b0 < T; b0 += kVec) {
      const int row = g * L + b0;
      if (row + kVec > T) {
        for (int lane = b0; g * L + lane < T; ++lane)
          for (int x = 0; x < out_cols; ++x) {
            grid_re[static_cast<std::size_t>(g * L + lane) * P + x] = strip_re[x * L + lane];
            grid_im[static_cast<std::size_t>(g * L + lane) * P + x] = strip_im[x * L + lane];
          }
        break;
      }
      for (int x0 = 0; x0 < out_cols; x0 += kVec) {
        transpose_block(strip_re + x0 * L + b0, L, grid_re + row * P + x0, P);
        transpose_block(strip_im + x0 * L + b0, L, grid_im + row * P + x0, P);
      }
    }
  }
}

// The inverse's second half: inverse along y, strip by strip; the rows on the stride grid are
// tile a's outputs (real part) and tile b's (imaginary part).
void inverse_columns(const BankProblem& problem, FftPlan& plan, const Tile& a, const Tile& b,
                     Plane& out) {
  const int T = plan.tile_h, P = plan.pitch;
  float* strip_re = plan.strip.re.data();
  float* strip_im = plan.strip.im.data();
  const float* grid_re = plan.grid.re.data();
  const float* grid_im = plan.grid.im.data();
  const int out_cols = std::max(a.cols, b.cols);
  for (int x0 = 0; x0 < out_cols; x0 += L) {
    for (int t = 0; t < T; ++t) {
      copy_lanes(grid_re + t * P + x0, strip_re + t * L);
      copy_lanes(grid_im + t * P + x0, strip_im + t * L);
    }
    plan.along_y->transform(strip_re, strip_im, true);
    for (int t = 0; t < T; ++t) {
      if (x0 < a.cols) store_lanes(problem, a, t, x0, strip_re + t * L, out);
      if (x0 < b.cols) store_lanes(problem, b, t, x0, strip_im + t * L, out);
    }
  }
}

// The tile pair loop (KissFFT's kiss_fft): each pair forward once, then per kernel the product and
// the inverse, straight into that kernel's map.
void execute(const BankProblem& problem, FftPlan& plan, std::vector<Plane>& outputs) {
  const Tile empty{0, 0, 0, 0, 0, 0};
  const int kh = problem.kernel_h(), kw = problem.kernel_w();
  for (std::size_t p = 0; p < plan.tiles.size(); p += 2) {
    const Tile& a = plan.tiles[p];
    const Tile& b = p + 1 < plan.tiles.size() ? plan.tiles[p + 1] : empty;
    const int height = std::max(a.rows, b.rows) + kh - 1;
    const int width = std::max(a.cols, b.cols) + kw - 1;
    forward(plan, height, width, TilePair{problem, a, b});
    for (std::size_t k = 0; k < problem.kernels.size(); ++k) {
      inverse_rows(plan, static_cast<int>(k), std::max(a.cols, b.cols));
      inverse_columns(problem, plan, a, b, outputs[k]);
    }
  }
}

}  // namespace

FftCorrelator::FftCorrelator(FftLibrary library) : plan_(std::make_unique<FftPlan>(library)) {}
FftCorrelator::~FftCorrelator() = default;

void FftCorrelator::run(const BankProblem& problem, std::vector<Plane>& outputs) {
  const PlanKey key = key_of(problem);
  if (!(key == plan_->key)) make_plan(key, *plan_);
  if (!same_kernels(problem, *plan_)) make_kernel_spectra(problem, *plan_);
  execute(problem, *plan_, outputs);
}

}  // namespace convscope
