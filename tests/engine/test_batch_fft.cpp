// The FFT libraries behind the correlator (lane_fft.hpp): BatchFft and KissFFT each against the
// DFT's definition, summed in double (every radix and mixes of them, each lane its own sequence,
// forward and inverse), and BatchFft against KissFFT transform by transform at every size a tile
// can have.
#include <catch2/catch.hpp>
#include <cmath>
#include <complex>
#include <memory>
#include <random>
#include <vector>

#include "algorithms.hpp"
#include "batch_fft.hpp"
#include "lane_fft.hpp"

using namespace convscope;

TEST_CASE("BatchFft and KissFFT equal the DFT on every lane, forward and inverse") {
  const FftLibrary library = GENERATE(FftLibrary::batch, FftLibrary::kiss);
  INFO((library == FftLibrary::batch ? "BatchFft" : "KissFFT"));
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> value(-1.0f, 1.0f);
  const std::unique_ptr<LaneFft> lanes = make_lane_fft(library);
  LaneFft& fft = *lanes;
  for (int n : {1,  2,  3,  4,  5,   6,   8,   9,   10,  12,  15,  16,  25,  30,  32,  45,
                60, 64, 75, 96, 100, 128, 243, 250, 256, 270, 288, 512, 540, 729, 1000}) {
    for (bool inverse : {false, true}) {
      INFO("n = " << n << (inverse ? ", inverse" : ", forward"));
      std::vector<float> re(static_cast<std::size_t>(n) * kFftLanes);
      std::vector<float> im(re.size());
      for (std::size_t i = 0; i < re.size(); ++i) {
        re[i] = value(rng);
        im[i] = value(rng);
      }
      const std::vector<float> x_re = re, x_im = im;
      fft.assign(n);
      fft.transform(re.data(), im.data(), inverse);
      const double sign = inverse ? 1.0 : -1.0;
      double worst = 0.0;
      for (int lane = 0; lane < kFftLanes; ++lane)
        for (int k = 0; k < n; ++k) {
          std::complex<double> sum = 0.0;
          for (int e = 0; e < n; ++e) {
            const double angle = sign * 2.0 * M_PI * ((static_cast<long long>(e) * k) % n) / n;
            sum += std::complex<double>(x_re[e * kFftLanes + lane], x_im[e * kFftLanes + lane]) *
                   std::polar(1.0, angle);
          }
          const std::size_t at = static_cast<std::size_t>(k) * kFftLanes + lane;
          worst = std::max(worst, std::abs(sum - std::complex<double>(re[at], im[at])));
        }
      // Float rounding on random data grows like sqrt(n): measured about 4e-7 sqrt(n); 10x
      // headroom.
      REQUIRE(worst <= 4e-6 * std::sqrt(static_cast<double>(n)));
    }
  }
}

TEST_CASE("BatchFft equals KissFFT at every size a tile can have, forward and inverse") {
  // Tiles are fast sizes (2^a 3^b 5^c) up to next_fast_size(largest image side + largest kernel
  // side - 1); every one of them, on random lanes in [-1, 1].
  std::mt19937 rng(17);
  std::uniform_real_distribution<float> value(-1.0f, 1.0f);
  BatchFft batch;
  const std::unique_ptr<LaneFft> kiss = make_lane_fft(FftLibrary::kiss);
  const int largest = next_fast_size(kMaxImageSide + kMaxKernelSide - 1);
  int sizes = 0;
  for (int n = 1; n <= largest; n = next_fast_size(n + 1)) {
    ++sizes;
    batch.assign(n);
    kiss->assign(n);
    for (bool inverse : {false, true}) {
      INFO("n = " << n << (inverse ? ", inverse" : ", forward"));
      std::vector<float> re(static_cast<std::size_t>(n) * kFftLanes), im(re.size());
      for (std::size_t i = 0; i < re.size(); ++i) {
        re[i] = value(rng);
        im[i] = value(rng);
      }
      std::vector<float> kiss_re = re, kiss_im = im;
      batch.transform(re.data(), im.data(), inverse);
      kiss->transform(kiss_re.data(), kiss_im.data(), inverse);
      double worst = 0.0;
      for (std::size_t i = 0; i < re.size(); ++i)
        worst = std::max(worst, std::hypot(double(re[i]) - kiss_re[i], double(im[i]) - kiss_im[i]));
      // The outputs are about sqrt(n) in size; the two differ by at most 2.4e-6 sqrt(n) (measured
      // 2026-12-04, n up to 16875), so 10x that is allowed: a wrong transform is off by ~sqrt(n).
      REQUIRE(worst <= 2.4e-5 * std::sqrt(static_cast<double>(n)));
    }
  }
  REQUIRE(sizes == 202);
}
