// The cost model behind Method::auto_, like scipy.signal.choose_conv_method: each method's run
// time is modelled in nanoseconds from the problem's sizes, and the cheapest runs.
//
// Constants measured on 2026-11-25 on a 2-core VM (AMD EPYC), g++ 12 -O3 -march=x86-64-v2: each
// correlator timed alone on a padded source (thread CPU time, median of 5-7 runs) over outputs
// 8x8 to 2048x2048, kernels 1x1 to 63x63, banks of 1 and 4, strides 1-4 and dilations 1-2, then
// fitted by least squares on the log of the time. Most points lie within 1.3x of the model; the
// worst (outputs under 64x64, 1x1 kernels) within 2x. Checked on 225 problems (outputs 32x32 to
// 2048x2048, kernels 1x1 to 63x63, banks of 1 and 4, strides 1-4), auto ran within 1.11x of the
// fastest method; on 53 with rank-1 kernels, within 1.04x. WebAssembly builds scale each method
// by the factor measured there (below). `convscope bench` shows auto's choice beside every
// method's time.
#include <algorithm>
#include <cmath>
#include <numeric>

#include "algorithms.hpp"

namespace convscope {
namespace {

// direct: per output pixel and kernel, a tap costs kDirectTap (contiguous rows at stride.x 1) or
// kDirectStridedTap; each output row pays kDirectRowTap per tap for starting its loops.
constexpr double kDirectCall = 426;
constexpr double kDirectTap = 0.0668;
constexpr double kDirectStridedTap = 0.194;
constexpr double kDirectRowTap = 1.52;
constexpr double kDirectPixel = 0.037;

// im2col: the GEMM's multiply-add per tap, pixel and kernel, and its cost per tap of each output
// row. In place (phase planes) it pays a copy of the source per source pixel when stride.x > 1
// and a GEMM start per group of taps sharing a phase; in blocks, a gather per tap and pixel for
// the whole bank, by stride.x. It takes the cheaper path (im2col.cpp's use_phase_planes).
constexpr double kIm2colCall = 469;
constexpr double kGemmTap = 0.0387;
constexpr double kGemmRowTap = 0.238;
constexpr double kIm2colPixel = 0.088;
constexpr double kPlanePixel = 0.222;
constexpr double kGroupRow = 2.96;
constexpr double kGatherTap[] = {0.04, 0.198, 0.140, 0.180};  // stride.x 1, 2, 3, 4 and above

// fft (overlap-save tiles, batched SIMD transforms): per stride-1 output pixel, a share kFftPixel
// of the forward transforms (made once for the bank) and kFftKernelPixel per kernel (its product
// and inverse transforms, which run whole at any stride: only the stores skip), both growing with
// log2 of the kernel's side (larger kernels, larger tiles) and with the padding waste when the
// image is not much larger than the kernel; the kernels' spectra are cached, so a bank adds no
// fixed cost per kernel. Refitted for BatchFft on 243 problems (outputs 32x32 to 2048x2048,
// kernels 3x3 to 63x63, banks of 1 and 4, strides 1 and 2): median error 1.13x, 90% within 1.27x,
// worst 1.47x.
constexpr double kFftCall = 1215;
constexpr double kFftPixel = 0.872;
constexpr double kFftKernelPixel = 1.138;
constexpr double kFftLogSide = 0.182;
constexpr double kFftWasteFree = 1.19;  // (tile / output)^2 the fitted constants already include

// separable: a row pass over every source row the column pass reads (Hp x out_w x kw taps; at
// stride.x > 1 its reads are strided), then a column pass (out_h x out_w x kh taps), per kernel.
// Re-measured on 2026-11-26 for the ring of row passes and the GEMM (separable.cpp): 96 problems,
// outputs 16x16 to 1500x1500, kernels 3x3 to 63x63, banks of 1 and 4, strides 1 and 2, fitted as
// above; 88% within 1.3x of the model, the worst (31x31 on 32x32 outputs) 1.7x.
constexpr double kSeparableCall = 1980;
constexpr double kSeparableTap = 0.0486;
constexpr double kSeparableStridedRowTap = 0.255;
constexpr double kSeparablePixel = 0.112;

// WebAssembly (em++ -O3 -msimd128 in Node 20's V8, the engine of Chromium, on the same VM, wall
// clock) runs each method slower than native by its own factor (medians): direct's plain loops
// 1.2x (2.3x strided; 128x128 to 1024x1024 outputs, kernels 3x3 to 31x31, banks of 1 and 4,
// strides 1 and 2); the FFT 1.4x (its 243 problems above, outputs from 256x256; 1.2x-2.6x over
// all, the most on the smallest); the GEMM and separable as below. Native builds use 1.
#if defined(__EMSCRIPTEN__)
constexpr bool kWasm = true;
#else
constexpr bool kWasm = false;
#endif
double direct_scale(int stride_x) { return !kWasm ? 1.0 : stride_x == 1 ? 1.2 : 2.3; }
// The GEMM in wasm over native, measured on 2026-11-26 over 120 problems (64x64 to 1024x1024
// outputs, kernels 3x3 to 31x31, banks of 1 and 4, strides 1 and 2; medians): its fixed costs
// weigh more in wasm, the more so with fewer taps. One kernel: 1.61x at 3x3, 1.16x at 7x7, 1.09x
// at 31x31; four: 1.39x, 1.04x, 0.94x. Modelled as a + b / side with side = sqrt(taps):
// 0.82 + 0.20 / nk + (1.29 + 0.26 / nk) / side.
double im2col_scale(int nk, double taps) {
  return kWasm ? 0.82 + 0.20 / nk + (1.29 + 0.26 / nk) / std::sqrt(taps) : 1.0;
}
double fft_scale() { return kWasm ? 1.4 : 1.0; }
// separable, re-measured with its GEMM on 2026-11-26 over the 96 problems above: 1.5x.
constexpr double kSeparableScale = kWasm ? 1.5 : 1.0;

double direct_ns(const BankProblem& p, double taps, int nk) {
  const double tap = p.stride.x == 1 ? kDirectTap : kDirectStridedTap;
  return kDirectCall + nk * static_cast<double>(p.out_h) *
                           (p.out_w * (tap * taps + kDirectPixel) + kDirectRowTap * taps);
}

double im2col_ns(const BankProblem& p, double taps, int nk) {
  const double pixels = static_cast<double>(p.out_h) * p.out_w;
  const double gemm =
      kIm2colCall + nk * static_cast<double>(p.out_h) *
                        (p.out_w * (kGemmTap * taps + kIm2colPixel) + kGemmRowTap * taps);
  const int sx = p.stride.x;
  const double groups = std::min(p.kernel_w(), sx / std::gcd(sx, p.dilation.x));
  const double planes = (sx > 1 ? kPlanePixel * p.source.height * p.source.width : 0.0) +
                        nk * static_cast<double>(p.out_h) * groups * kGroupRow;
  const double blocks = pixels * taps * kGatherTap[std::min(sx, 4) - 1];
  return gemm + std::min(planes, blocks);
}

// The FFT computes every stride-1 output of the grid's extent, each dilation phase a sub-image
// correlated with the compact kernel.
double fft_ns(const BankProblem& p, int nk) {
  const double extent_y = (p.out_h - 1.0) * p.stride.y + 1;
  const double extent_x = (p.out_w - 1.0) * p.stride.x + 1;
  const double phase_y = extent_y / p.dilation.y, phase_x = extent_x / p.dilation.x;
  const double waste = ((phase_y + p.kernel_h() - 1) / phase_y) *
                       ((phase_x + p.kernel_w() - 1) / phase_x) / kFftWasteFree;
  const double per_pixel = kFftPixel + kFftKernelPixel * nk;
  const double log_side = 0.5 * std::log2(static_cast<double>(p.kernel_h()) * p.kernel_w());
  return kFftCall +
         extent_y * extent_x * per_pixel * (1 + kFftLogSide * log_side) * std::max(1.0, waste);
}

double separable_ns(const BankProblem& p, int nk) {
  const double row_tap = p.stride.x == 1 ? kSeparableTap : kSeparableStridedRowTap;
  const double rows_pass = static_cast<double>(p.source.height) * p.out_w;
  const double column_pass = static_cast<double>(p.out_h) * p.out_w;
  return kSeparableCall +
         nk * (row_tap * rows_pass * p.kernel_w() + kSeparableTap * column_pass * p.kernel_h() +
               kSeparablePixel * (rows_pass + column_pass));
}

}  // namespace

Method choose_method(const BankProblem& problem, bool all_separable) {
  const double taps = static_cast<double>(problem.kernel_h()) * problem.kernel_w();
  const int nk = static_cast<int>(problem.kernels.size());
  Method best = Method::direct;
  double best_ns = direct_ns(problem, taps, nk) * direct_scale(problem.stride.x);
  const auto consider = [&](Method method, double ns) {
    if (ns < best_ns) {
      best = method;
      best_ns = ns;
    }
  };
  consider(Method::im2col, im2col_ns(problem, taps, nk) * im2col_scale(nk, taps));
  consider(Method::fft, fft_ns(problem, nk) * fft_scale());
  if (all_separable) consider(Method::separable, separable_ns(problem, nk) * kSeparableScale);
  return best;
}

}  // namespace convscope
