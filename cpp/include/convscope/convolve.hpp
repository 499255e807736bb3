// The engine's entry point: one spec, a bank of kernels, any algorithm.
#pragma once

#include <memory>
#include <vector>

#include "convscope/output_size.hpp"
#include "convscope/plane.hpp"
#include "convscope/spec.hpp"

namespace convscope {

class Algorithms;  // the per-algorithm scratch buffers (cpp/src/algorithms.hpp)
struct BankProblem;

// The sizes of a bank convolution as a caller states them, before any check.
struct BankShape {
  int image_h = 0;
  int image_w = 0;
  int kernel_h = 0;
  int kernel_w = 0;
  int kernel_count = 0;
};

// A bank convolution whose sizes and spec passed every check at the engine's edge: made only by
// check_bank, accepted and trusted by everything below it.
struct CheckedBank {
  BankShape shape;
  ConvSpec spec;
  OutputGeometry geometry;
};

// The one check of a bank convolution's sizes and spec: every limit (image, kernel, bank size,
// stride, dilation, padding, border value), an output that is not empty, a padded image and maps
// that fit in memory. Throws RangeError/TypeError naming the value, the limit and the argument.
// Nothing is allocated, so a caller checks before making room for the data.
CheckedBank check_bank(const BankShape& shape, const ConvSpec& spec);

// Owns scratch buffers (padded image, im2col blocks, FFT plans and spectra) and reuses them
// across calls, so the live path allocates nothing once warmed up. Not thread-safe: one per
// thread (the web worker owns one).
class Convolver {
 public:
  Convolver();
  ~Convolver();
  Convolver(const Convolver&) = delete;
  Convolver& operator=(const Convolver&) = delete;

  // image:   H x W, finite values.
  // kernels: nk >= 1 planes, all kh x kw, finite values.
  // outputs: resized to nk planes of output_geometry(H, W, kh, kw, spec); existing buffers reused.
  // Returns the method that ran (never Method::auto_). Under auto, a mixed bank may run its
  // rank-1 kernels with separable and the others with another method: the return value is then
  // the other method, and methods() tells each kernel's. Throws RangeError/TypeError on bad
  // input, before touching outputs.
  Method run(const PlaneView& image, const std::vector<PlaneView>& kernels, const ConvSpec& spec,
             std::vector<Plane>& outputs);

  // The same for a checked bank: image and kernels must have the sizes of bank.shape. Only their
  // values are checked (NaN and infinity throw RangeError, before touching outputs).
  Method run(const CheckedBank& bank, const PlaneView& image, const std::vector<PlaneView>& kernels,
             std::vector<Plane>& outputs);

  // The method that computed each kernel's map in the last successful run.
  const std::vector<Method>& methods() const { return methods_; }

 private:
  void run_method(Method method, const BankProblem& problem, std::vector<Plane>& outputs);

  std::unique_ptr<Algorithms> algorithms_;
  std::vector<Method> methods_;
};

// One-shot conveniences over a temporary Convolver.
Plane conv2d(const PlaneView& image, const PlaneView& kernel, const ConvSpec& spec = {},
             Method* method_used = nullptr);
std::vector<Plane> conv2d_bank(const PlaneView& image, const std::vector<PlaneView>& kernels,
                               const ConvSpec& spec = {}, Method* method_used = nullptr);

// Throws RangeError naming the first NaN or infinity ("image has NaN at (3, 4)").
void check_finite(const PlaneView& plane, const char* what);

}  // namespace convscope
