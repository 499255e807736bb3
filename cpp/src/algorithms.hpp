// Internal: the algorithms behind Convolver. Each solves the same problem, a 'valid' correlation
// of an already padded source with a bank of (already flipped, for convolution) kernels, at a
// stride and dilation; tests prove them equal.
#pragma once

#include <memory>
#include <vector>

#include "convscope/errors.hpp"
#include "convscope/plane.hpp"
#include "convscope/spec.hpp"
#include "lane_fft.hpp"

namespace convscope {

struct BankProblem {
  PlaneView source;                // padded image, Hp x Wp
  std::vector<PlaneView> kernels;  // nk planes, all kh x kw
  Pair stride;
  Pair dilation;
  int out_h = 0;  // floor((Hp - dilation.y * (kh - 1) - 1) / stride.y) + 1, and likewise out_w
  int out_w = 0;
  int kernel_h() const { return kernels.front().height; }
  int kernel_w() const { return kernels.front().width; }
};

// Each run() writes outputs[i] (already out_h x out_w) for kernels[i].

// The notebook's four loops: the readable reference.
void correlate_direct(const BankProblem& problem, std::vector<Plane>& outputs);

class Im2colCorrelator {
 public:
  void run(const BankProblem& problem, std::vector<Plane>& outputs);

 private:
  // Phase planes (stride.x > 1: stride.x planes of Hp x ceil(Wp / stride.x)), or a
  // (kh * kw) x block column buffer (narrow outputs, large strides).
  std::vector<float> columns_;
  std::vector<float> weights_;  // nk x (kh * kw), taps grouped by column phase
  std::vector<float> product_;  // nk x (one output row, or one block of output pixels)
};

struct FftPlan;  // sizes, transforms, tiles, buffers and kernel spectra (fft.cpp)

class FftCorrelator {
 public:
  explicit FftCorrelator(FftLibrary library);
  ~FftCorrelator();
  // Plans for the problem's sizes (kept while they repeat), makes the kernel spectra (kept while
  // the kernels repeat), then runs the tile pairs.
  void run(const BankProblem& problem, std::vector<Plane>& outputs);

 private:
  std::unique_ptr<FftPlan> plan_;
};

class SeparableCorrelator {
 public:
  // Rank-1 factor of a kernel: kernel(k, l) ~= column[k] * row[l]. Returns false when the kernel's
  // rank is above 1 by the documented tolerance (separable.cpp).
  static bool factor(const PlaneView& kernel, std::vector<float>& column, std::vector<float>& row);

  // Factors every kernel of a bank into column_ / row_. Returns the index of the first kernel
  // that is not rank 1, or -1 when all are; then run_factored may follow.
  int factor_bank(const std::vector<PlaneView>& kernels);
  // One kernel's rank test, with this object's scratch buffers (no allocation once warm).
  bool is_rank1(const PlaneView& kernel);
  static RangeError not_rank1_error(int kernel_index);

  // factor_bank, then the row and column passes; throws not_rank1_error before writing any
  // output.
  void run(const BankProblem& problem, std::vector<Plane>& outputs);

 private:
  void run_factored(const BankProblem& problem, std::vector<Plane>& outputs);

  std::vector<float> column_, row_;
  std::vector<float> rows_pass_;  // group x ring x out_w: row passes of up to 4 kernels over a ring
                                  // of source rows (separable.cpp)
  std::vector<char> row_used_;    // Hp flags: the source rows the column pass reads (stride y)
  std::vector<double> factor_scratch_;  // kh + kw: one kernel's factors while they are refined
};

// Smallest n' >= n whose only prime factors are 2, 3 and 5: the sizes BatchFft transforms
// (batch_fft.hpp, fft.cpp).
int next_fast_size(int n);

// The cost model for Method::auto_ (constants measured on this machine; choose_method.cpp).
Method choose_method(const BankProblem& problem, bool all_separable);

class Algorithms {
 public:
  BankProblem problem;                            // the bank being run
  Plane padded;                                   // the padded source
  std::vector<Plane> flipped;                     // kernels turned 180 degrees, for convolution
  std::vector<char> rank1;                        // per kernel, for auto: is it rank 1?
  BankProblem separable_part, other_part;         // a mixed bank split by rank
  std::vector<Plane> separable_maps, other_maps;  // its outputs, moved out and back
  Im2colCorrelator im2col;
  FftCorrelator fft{FftLibrary::batch};
  FftCorrelator fft_kiss{FftLibrary::kiss};  // the same correlator over KissFFT
  SeparableCorrelator separable;
};

}  // namespace convscope
