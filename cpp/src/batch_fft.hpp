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

#include "lane_fft.hpp"
#include "simd.hpp"

namespace convscope {

class BatchFft final : public LaneFft {
 public:
  // As LaneFft (lane_fft.hpp) says.
  void assign(int n) override;
  void transform(float* re, float* im, bool inverse) override;
  int size() const { return n_; }

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
