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
// stride, dilation, padding, border value, enum values), an output that is not empty, a padded
// image and maps that fit in memory (output_geometry, then the bank's own limits). Throws
// RangeError/TypeError naming the value, the limit and the argument. Nothing is allocated, so a
// caller checks before making room for the data.
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

  // bank:    from check_bank; trusted, not checked again.
  // image:   bank.shape.image_h x image_w, finite values.
  // kernels: bank.shape.kernel_count planes, all kernel_h x kernel_w, finite values.
  // outputs: resized to kernel_count planes of bank.geometry; existing buffers reused.
  // Returns the method that ran (never Method::auto_). Under auto, a mixed bank may run its
  // rank-1 kernels with separable and the others with another method: the return value is then
  // the other method, and methods() tells each kernel's. Throws RangeError for NaN or infinity in
  // the image or a kernel, or for a kernel of rank above 1 under Method::separable, before
  // touching outputs.
  Method run(const CheckedBank& bank, const PlaneView& image, const std::vector<PlaneView>& kernels,
             std::vector<Plane>& outputs);

  // check_bank on the sizes of image and kernels (which must share one size), then the run above.
  Method run(const PlaneView& image, const std::vector<PlaneView>& kernels, const ConvSpec& spec,
             std::vector<Plane>& outputs);

  // The method that computed each kernel's map in the last successful run.
  const std::vector<Method>& methods() const { return methods_; }

 private:
  // The named steps of run(bank, ...), in order.
  void prepare_source(const CheckedBank& bank, const PlaneView& image);
  void prepare_kernels(const CheckedBank& bank, const std::vector<PlaneView>& kernels);
  Method run_auto(std::vector<Plane>& outputs);
  Method run_whole(Method method, std::vector<Plane>& outputs);
  bool run_mixed(std::vector<Plane>& outputs, Method& other);
  void run_method(Method method, const BankProblem& problem, std::vector<Plane>& outputs);

  std::unique_ptr<Algorithms> algorithms_;
  std::vector<Method> methods_;
};

// One-shot conveniences over a temporary Convolver.
Plane conv2d(const PlaneView& image, const PlaneView& kernel, const ConvSpec& spec = {},
             Method* method_used = nullptr);
std::vector<Plane> conv2d_bank(const PlaneView& image, const std::vector<PlaneView>& kernels,
                               const ConvSpec& spec = {}, Method* method_used = nullptr);

}  // namespace convscope
