// im2col: the notebook's img2col + matrix multiply, for the whole filter bank in one pass.
//
// The notebook computes  chunks (pixels x taps) @ filters.T (taps x nk)  = (pixels x nk).
// Here the same product is formed transposed,
//   product (nk x pixels) = weights (nk x taps) @ columns (taps x pixels),
// so the long pixel axis is the GEMM's contiguous inner axis: it vectorizes even for a single
// kernel, and row i of the product is already kernel i's output in raster order.
//
// Two ways to feed the GEMM its columns:
//   in place   (use_phase_planes: outputs at least 8 wide, at stride.x 1 or, up to 8, with enough
//              taps for the stride): the columns of one output row are windows of the source rows,
//              read where they are. At stride.x s, output column j's tap kx reads source column
//              j * s + kx * dx, which is column j + kx * dx / s of phase plane (kx * dx) % s (the
//              source's columns q, q + s, q + 2s...): taps that share a phase are windows of one
//              plane, so each group of them is one GEMM over that plane, summed into the product.
//              At stride.x 1 the one plane is the source itself and nothing is copied.
//   in blocks  (the rest): the columns of a block of output pixels are copied into a buffer.
#include <algorithm>
#include <cstring>
#include <numeric>

#include "algorithms.hpp"
#include "gemm.hpp"

namespace convscope {
namespace {

// The column buffer holds taps x block floats. 64 Ki floats (256 KiB) keeps it, and the GEMM's
// panel of it, inside one core's 1 MiB L2 however large the image: a 2048 x 2048 output with a
// 31 x 31 kernel would otherwise need 16 GB.
constexpr long kColumnBudget = 64 * 1024;
// Blocks are a multiple of the GEMM's widest register tile (32 columns) and never narrower than
// this, so a 255 x 255 kernel still gets full tiles (255 * 255 * 64 floats = 16 MiB at worst).
constexpr long kMinBlock = 64;

long block_pixels(long taps, long pixels) {
  const long block = std::max(kMinBlock, kColumnBudget / taps / 32 * 32);
  return std::min(block, pixels);
}

// dst[j] = src[j * S] for j < n. A compile-time S lets the compiler vectorize the gather with
// loads and shuffles; a runtime stride leaves it scalar (2.7x slower at stride 2, 2026-11-25).
template <int S>
void gather(const float* src, long n, float* dst) {
  for (long j = 0; j < n; ++j) dst[j] = src[j * S];
}

void gather(const float* src, long n, int stride, float* dst) {
  switch (stride) {
    case 1:
      std::memcpy(dst, src, n * sizeof(float));
      break;
    case 2:
      gather<2>(src, n, dst);
      break;
    case 3:
      gather<3>(src, n, dst);
      break;
    case 4:
      gather<4>(src, n, dst);
      break;
    default:
      for (long j = 0; j < n; ++j) dst[j] = src[j * stride];
      break;
  }
}

// Writes columns (taps x count, row t at columns + t * count) for output pixels [first,
// first + count) in raster order: columns[t][q] is the source pixel that tap t = (ky, kx) of
// pixel q reads, with stride and dilation. Pixels are taken an output row at a time, so each tap's
// copy is a run of one source row.
void fill_columns(const BankProblem& problem, long first, long count, float* columns) {
  const int kh = problem.kernel_h();
  const int kw = problem.kernel_w();
  const int out_w = problem.out_w;
  const long src_w = problem.source.width;
  const int sx = problem.stride.x;
  long q = 0;  // column of the buffer that the current output row segment starts at
  for (long p = first; p < first + count;) {
    const long i = p / out_w;
    const long j0 = p % out_w;
    const long run = std::min<long>(out_w - j0, first + count - p);
    for (int ky = 0; ky < kh; ++ky) {
      const float* src_row =
          problem.source.data + (i * problem.stride.y + ky * problem.dilation.y) * src_w;
      for (int kx = 0; kx < kw; ++kx) {
        const float* src = src_row + kx * problem.dilation.x + j0 * sx;
        gather(src, run, sx, columns + static_cast<long>(ky * kw + kx) * count + q);
      }
    }
    p += run;
    q += run;
  }
}

// Outputs narrower than this take the copying path: their rows would fill no 8-wide GEMM tile,
// where a block of several rows fills the widest. From 8 columns up, in place measured 1.2-2.6x
// faster than the copy (nk 1 and 4, 3x3 to 15x15, 2026-11-25).
constexpr int kMinInPlaceWidth = 8;
// Phase planes cost a copy of the source (Hp x Wp); columns copied in blocks cost taps per output
// pixel, about Hp x Wp x taps / (sx * sy) in all. The planes win from about twice that ratio
// (measured: 3x3 at stride 2 in planes 1.2x faster than in blocks, at stride 3 1.3x slower,
// 2026-11-25); and past stride 8 the planes' memory (about the source again) is not worth it.
constexpr int kPlanesPerTapRatio = 2;
constexpr int kMaxPhasedStride = 8;

bool use_phase_planes(const BankProblem& problem) {
  const int sx = problem.stride.x, sy = problem.stride.y;
  if (problem.out_w < kMinInPlaceWidth || sx > kMaxPhasedStride) return false;
  return sx == 1 || problem.kernel_h() * problem.kernel_w() >= kPlanesPerTapRatio * sx * sy;
}

// The taps kx of a kernel row that share a phase, for columns spaced by period = s / gcd(dx, s):
// group g holds kx = g, g + period, g + 2 * period... < kw, for g < min(kw, period).
int group_width(int kw, int period, int g) { return (kw - g + period - 1) / period; }

// The spacing between taps that share a column phase: kx * dx and (kx + period) * dx are equal
// modulo stride.x.
int phase_period(const BankProblem& problem) {
  return problem.stride.x / std::gcd(problem.dilation.x, problem.stride.x);
}

// Writes weights as nk x taps, the taps in group order: group g's block (nk x kh x its width,
// row-major) follows the earlier groups' blocks. With period 1 this is the notebook's
// filters.reshape(nk, -1).
void order_weights(const BankProblem& problem, int period, std::vector<float>& weights) {
  const int kh = problem.kernel_h(), kw = problem.kernel_w();
  weights.resize(problem.kernels.size() * kh * kw);
  float* w = weights.data();
  for (int g = 0; g < std::min(kw, period); ++g) {
    for (const PlaneView& kernel : problem.kernels) {
      for (int ky = 0; ky < kh; ++ky) {
        for (int kx = g; kx < kw; kx += period) *w++ = kernel.at(ky, kx);
      }
    }
  }
}

// Copies one output row at a time out of product (nk x count, row i at product + i * count) into
// the outputs, from output pixel first on.
void scatter(const float* product, long count, long first, std::vector<Plane>& outputs) {
  for (std::size_t i = 0; i < outputs.size(); ++i) {
    std::copy_n(product + i * count, count, outputs[i].data.data() + first);
  }
}

// The in-place way (see the top of the file). planes: scratch for the phase planes, resized here;
// product: nk x out_w scratch.
void run_in_place(const BankProblem& problem, const std::vector<float>& weights,
                  std::vector<float>& planes, std::vector<float>& product,
                  std::vector<Plane>& outputs) {
  const int nk = static_cast<int>(problem.kernels.size());
  const int kh = problem.kernel_h(), kw = problem.kernel_w();
  const int out_w = problem.out_w;
  const int sx = problem.stride.x, dx = problem.dilation.x;
  const int period = phase_period(problem);
  // Phase planes: sx planes of Hp x plane_w, plane q holding source columns q, q + sx... Only
  // columns a tap reads are used, and every one of those exists in the source.
  const long src_h = problem.source.height, src_w = problem.source.width;
  const long plane_w = sx == 1 ? src_w : (src_w + sx - 1) / sx;
  const float* plane_data = problem.source.data;
  if (sx > 1) {
    planes.resize(static_cast<std::size_t>(sx) * src_h * plane_w);
    for (long r = 0; r < src_h; ++r) {
      for (int q = 0; q < sx; ++q) {
        gather(problem.source.data + r * src_w + q, (src_w - q + sx - 1) / sx, sx,
               planes.data() + (q * src_h + r) * plane_w);
      }
    }
    plane_data = planes.data();
  }
  product.resize(static_cast<std::size_t>(nk) * out_w);
  for (int i = 0; i < problem.out_h; ++i) {
    // A single kernel's product row is its output row: write it in place, skip the copy.
    float* row = nk == 1 ? outputs[0].row(i) : product.data();
    const float* group_weights = weights.data();
    for (int g = 0; g < std::min(kw, period); ++g) {
      const int width = group_width(kw, period, g);
      const long phase = (static_cast<long>(g) * dx) % sx, shift = (static_cast<long>(g) * dx) / sx;
      const TapRows columns{
          plane_data + (phase * src_h + static_cast<long>(i) * problem.stride.y) * plane_w + shift,
          kh, width, problem.dilation.y * plane_w, dx / (sx / period)};
      gemm(nk, out_w, group_weights, kh * width, columns, row, out_w, g > 0);
      group_weights += static_cast<std::size_t>(nk) * kh * width;
    }
    if (nk > 1) scatter(product.data(), out_w, static_cast<long>(i) * out_w, outputs);
  }
}

// The copying way: columns (taps x block) and product (nk x block) are scratch, resized here.
void run_in_blocks(const BankProblem& problem, const std::vector<float>& weights,
                   std::vector<float>& columns, std::vector<float>& product,
                   std::vector<Plane>& outputs) {
  const int nk = static_cast<int>(problem.kernels.size());
  const int taps = problem.kernel_h() * problem.kernel_w();
  const long pixels = static_cast<long>(problem.out_h) * problem.out_w;
  const long block = block_pixels(taps, pixels);
  columns.resize(static_cast<std::size_t>(taps) * block);
  product.resize(static_cast<std::size_t>(nk) * block);
  for (long first = 0; first < pixels; first += block) {
    const long count = std::min(block, pixels - first);
    fill_columns(problem, first, count, columns.data());
    float* c = nk == 1 ? outputs[0].data.data() + first : product.data();
    gemm(nk, static_cast<int>(count), taps, weights.data(), taps, columns.data(),
         static_cast<int>(count), c, static_cast<int>(count));
    if (nk > 1) scatter(product.data(), count, first, outputs);
  }
}

}  // namespace

void Im2colCorrelator::run(const BankProblem& problem, std::vector<Plane>& outputs) {
  if (use_phase_planes(problem)) {
    order_weights(problem, phase_period(problem), weights_);
    run_in_place(problem, weights_, columns_, product_, outputs);
  } else {
    order_weights(problem, 1, weights_);
    run_in_blocks(problem, weights_, columns_, product_, outputs);
  }
}

}  // namespace convscope
