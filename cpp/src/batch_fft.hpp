// Internal: complex DFTs of one length on kFftLanes independent sequences at once.
//
// Why batches: a 2-D transform is many 1-D transforms of one length (every row, then every
// column). Run side by side, lane b of every array being sequence b, each butterfly's twiddles
// are shared by all lanes and its innermost loop runs over contiguous lanes, so plain C++ becomes
// SIMD code (SSE natively, simd128 in wasm) without intrinsics.
//
// Storage is split complex: element e of sequence b is (re[e * kFftLanes + b], im[...]).
// The algorithm is Stockham's autosort (no bit reversal), radix 4, 2, 3 and 5 stages, each stage
// a pass from one buffer to the other.
#pragma once

#include <vector>

#include "simd.hpp"

namespace convscope {

constexpr int kFftLanes = 16;

class BatchFft {
 public:
  // Plans transforms of n points; n > 0 with no prime factor but 2, 3 and 5 (next_fast_size).
  void assign(int n);
  int size() const { return n_; }

  // Transforms the kFftLanes sequences of n points in (re, im), n * kFftLanes floats each, in
  // place. Forward: X[k] = sum_e x[e] exp(-2 pi i e k / n); inverse: the + sign, unscaled.
  // Uses the plan's own scratch, so one plan serves one thread.
  void transform(float* re, float* im, bool inverse);

 private:
  struct Stage {
    int radix;
    int m;        // butterflies per sequence block: n_here / radix
    int s;        // sequence blocks: product of the earlier radices
    int twiddle;  // offset of this stage's m * (radix - 1) twiddles
  };
  int n_ = 0;
  std::vector<Stage> stages_;
  std::vector<float> twiddle_re_, twiddle_im_;  // forward: exp(-2 pi i j k / n_here)
  std::vector<float> scratch_re_, scratch_im_;  // n * kFftLanes each
};

}  // namespace convscope
