// ConvSpec: the one description of a 2-D convolution that every algorithm takes.
#pragma once

#include <string>

namespace convscope {

// How the output grid is placed over the image (per axis, K_eff = dilation * (K - 1) + 1):
//   valid     no padding: out = floor((H - K_eff) / stride) + 1
//   same      K_eff - 1 padded pixels split as SciPy splits them (see resolve_padding), so with
//             stride 1 the output is H x W, and with stride s it is that result sampled [::s, ::s]
//   full      K_eff - 1 on both sides: every placement that touches the image
//   explicit_ ConvSpec::pad gives top, bottom, left, right
enum class PaddingMode { valid, same, full, explicit_ };

// What the padded pixels hold. With an image row  a b c d  (and padding of 3 or 4):
//   zero       0 0 0 | a b c d | 0 0 0
//   constant   v v v | a b c d | v v v          (v = ConvSpec::border_value)
//   replicate  a a a | a b c d | d d d          (ndimage 'nearest', numpy.pad 'edge')
//   reflect  d c b a | a b c d | d c b a        (ndimage 'reflect', numpy.pad 'symmetric')
//   mirror     d c b | a b c d | c b a          (ndimage 'mirror',  numpy.pad 'reflect')
//   wrap       b c d | a b c d | a b c          (ndimage 'grid-wrap', numpy.pad 'wrap')
// Padding wider than the image repeats the pattern periodically, as numpy.pad does from NumPy 2
// (NumPy 1.x's pad is not periodic for uneven padding wider than the image: numpy#22464). A
// one-pixel row  a  pads to  a a a | a | a a a  in every mode but zero and constant.
enum class BorderMode { zero, constant, replicate, reflect, mirror, wrap };

// correlation: out(i, j) = sum_kl in(i*sy + k*dy - top, j*sx + l*dx - left) * w(k, l)
//              (what CNNs and the notebook's conv2d compute; scipy.signal.correlate2d)
// convolution: the same with w turned 180 degrees (scipy.signal.convolve2d)
enum class Operation { correlation, convolution };

// Which algorithm runs; auto_ picks by the cost model in choose_method.cpp.
//   direct     the notebook's four loops: the reference
//   im2col     img2col + matmul (a cache-blocked GEMM)
//   fft        overlap-save tiles through this project's batched SIMD FFT (BatchFft)
//   separable  rank-1 kernels as a row pass and a column pass
//   fft_kiss   the same overlap-save correlator through KissFFT, the portable reference FFT;
//              never chosen by auto (it measures slower than fft: README, "Speed")
enum class Method { auto_, direct, im2col, fft, separable, fft_kiss };

struct Pair {
  int y = 1;
  int x = 1;
};

struct Padding {
  int top = 0;
  int bottom = 0;
  int left = 0;
  int right = 0;
};

struct ConvSpec {
  Pair stride{1, 1};
  Pair dilation{1, 1};
  PaddingMode padding = PaddingMode::same;
  Padding pad;  // used when padding == explicit_
  BorderMode border = BorderMode::zero;
  float border_value = 0.0f;  // used when border == constant
  Operation op = Operation::correlation;
  Method method = Method::auto_;
};

// Limits, checked by validate(); each error message names the value and the limit.
constexpr int kMaxImageSide = 16384;
constexpr long long kMaxImagePixels = 1LL << 26;  // 8192 x 8192: 256 MiB as float32
constexpr int kMaxKernelSide = 255;
constexpr int kMaxStride = 4096;
constexpr int kMaxDilation = 64;
constexpr int kMaxPadding = 4096;
constexpr int kMaxBankSize = 256;
// The padded image and all of a bank's maps must fit the browser's wasm memory (2 GiB) too.
constexpr long long kMaxPaddedPixels = 1LL << 27;      // 512 MiB as float32
constexpr long long kMaxBankOutputValues = 1LL << 28;  // 1 GiB as float32

// Names, as the CLI and the JS API spell them. Parsing an unknown name throws TypeError listing
// the known ones.
PaddingMode parse_padding_mode(const std::string& name);
BorderMode parse_border_mode(const std::string& name);
Operation parse_operation(const std::string& name);
Method parse_method(const std::string& name);
const char* to_string(PaddingMode mode);
const char* to_string(BorderMode mode);
const char* to_string(Operation op);
const char* to_string(Method method);

// Checks the spec's own numbers (stride, dilation, explicit padding). Throws RangeError.
void validate(const ConvSpec& spec);

}  // namespace convscope
