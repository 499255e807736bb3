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

#include <cstring>
#include <vector>

namespace convscope {

// Four lanes in one SIMD register (SSE natively, simd128 in wasm), through the GNU vector
// extension g++ (12 and later) and clang share; arithmetic with a float applies it to every lane.
// Loads and stores go through memcpy: no alignment or aliasing assumed, one instruction each.
typedef float Vec __attribute__((vector_size(16)));
constexpr int kVec = 4;
inline Vec load(const float* p) {
  Vec v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
inline void store(float* p, Vec v) { std::memcpy(p, &v, sizeof v); }

// Transposes the 4 x 4 block whose rows are a, b, c, d: afterwards a holds the old column 0
// (a0 b0 c0 d0), b column 1, and so on.
inline void transpose4(Vec& a, Vec& b, Vec& c, Vec& d) {
  const Vec ab_lo = __builtin_shufflevector(a, b, 0, 4, 1, 5);  // a0 b0 a1 b1
  const Vec ab_hi = __builtin_shufflevector(a, b, 2, 6, 3, 7);  // a2 b2 a3 b3
  const Vec cd_lo = __builtin_shufflevector(c, d, 0, 4, 1, 5);
  const Vec cd_hi = __builtin_shufflevector(c, d, 2, 6, 3, 7);
  a = __builtin_shufflevector(ab_lo, cd_lo, 0, 1, 4, 5);
  b = __builtin_shufflevector(ab_lo, cd_lo, 2, 3, 6, 7);
  c = __builtin_shufflevector(ab_hi, cd_hi, 0, 1, 4, 5);
  d = __builtin_shufflevector(ab_hi, cd_hi, 2, 3, 6, 7);
}

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
