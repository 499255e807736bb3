#include "lane_fft.hpp"

#include <complex>
#include <kissfft.hh>
#include <vector>

#include "batch_fft.hpp"

namespace convscope {
namespace {

// KissFFT on one lane after another: each sequence is gathered into a contiguous complex array
// (n values, owned here), transformed by KissFFT's plan for its direction, and scattered back.
class KissLaneFft final : public LaneFft {
 public:
  void assign(int n) override {
    n_ = n;
    forward_.assign(n, false);
    inverse_.assign(n, true);
    in_.resize(n);
    out_.resize(n);
  }

  void transform(float* re, float* im, bool inverse) override {
    const kissfft<float>& plan = inverse ? inverse_ : forward_;
    for (int b = 0; b < kFftLanes; ++b) {
      for (int e = 0; e < n_; ++e) in_[e] = {re[e * kFftLanes + b], im[e * kFftLanes + b]};
      plan.transform(in_.data(), out_.data());
      for (int e = 0; e < n_; ++e) {
        re[e * kFftLanes + b] = out_[e].real();
        im[e * kFftLanes + b] = out_[e].imag();
      }
    }
  }

 private:
  int n_ = 1;
  kissfft<float> forward_{1, false};
  kissfft<float> inverse_{1, true};
  std::vector<std::complex<float>> in_{1}, out_{1};  // one sequence: n_ values each
};

}  // namespace

std::unique_ptr<LaneFft> make_lane_fft(FftLibrary library) {
  if (library == FftLibrary::kiss) return std::make_unique<KissLaneFft>();
  return std::make_unique<BatchFft>();
}

}  // namespace convscope
