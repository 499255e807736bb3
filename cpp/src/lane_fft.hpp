// Internal: the 1-D transforms the FFT correlator (fft.cpp) runs, kFftLanes sequences of one
// length at a time. Storage is split complex: element e of sequence b is
// (re[e * kFftLanes + b], im[e * kFftLanes + b]).
//
// Two libraries implement it, so that the same overlap-save correlator can run on either and the
// race between them measures the transforms alone:
//   batch  BatchFft (batch_fft.hpp): this project's Stockham FFT, every lane at once in SIMD
//   kiss   KissFFT (Debian's libkissfft-dev, kissfft.hh): the portable reference, lane by lane
#pragma once

#include <memory>

namespace convscope {

constexpr int kFftLanes = 16;

enum class FftLibrary { batch, kiss };

class LaneFft {
 public:
  virtual ~LaneFft() = default;
  // Plans transforms of n points; n > 0 with no prime factor but 2, 3 and 5 (next_fast_size).
  virtual void assign(int n) = 0;
  // Transforms the kFftLanes sequences of n points in (re, im), n * kFftLanes floats each, in
  // place. Forward: X[k] = sum_e x[e] exp(-2 pi i e k / n); inverse: the + sign, unscaled. Uses
  // the plan's own scratch, so one plan serves one thread.
  virtual void transform(float* re, float* im, bool inverse) = 0;
};

std::unique_ptr<LaneFft> make_lane_fft(FftLibrary library);

}  // namespace convscope
