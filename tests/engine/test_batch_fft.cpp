// BatchFft against the DFT's definition, summed in double: every radix and mixes of them, each
// lane its own sequence, forward and inverse.
#include <catch2/catch.hpp>
#include <cmath>
#include <complex>
#include <random>
#include <vector>

#include "batch_fft.hpp"

using namespace convscope;

TEST_CASE("BatchFft equals the DFT on every lane, forward and inverse") {
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> value(-1.0f, 1.0f);
  BatchFft fft;
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
      REQUIRE(fft.size() == n);
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
