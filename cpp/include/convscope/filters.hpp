// Filter presets: the notebook's load_sample_filters(size, sigma) and the usual teaching kernels.
#pragma once

#include <string>
#include <vector>

#include "convscope/plane.hpp"

namespace convscope {

// The parameter box every preset is finite in (tests/engine/test_filters.cpp samples it). Below
// sigma 0.1 the even-sized normalized blurs head for 0 / 0 (sigma 0.01 gives NaN) and the LoG's
// centre for 1 / sigma^4; above 32 a gaussian is flat across even the largest kernel. A wavelength
// of 2 pixels is the Nyquist limit; 64 is a stripe wider than the largest kernel.
constexpr int kMaxFilterSize = 63;
constexpr double kMinSigma = 0.1;
constexpr double kMaxSigma = 32;
constexpr double kMaxTheta = 360;  // degrees, either way
constexpr double kMinWavelength = 2;
constexpr double kMaxWavelength = 64;

// What the sized presets are built from. Every field is validated on every call, used or not, so
// a bad value is reported even when the current preset ignores it.
struct FilterParams {
  int size = 7;             // side of the square kernel, 1..kMaxFilterSize
  double sigma = 1.0;       // gaussian spread in pixels, kMinSigma..kMaxSigma (gaussian, blurs,
                            // LoG, Gabor)
  double theta = 0.0;       // degrees, counterclockwise on screen from the +x axis (Gabor, motion),
                            // -kMaxTheta..kMaxTheta
  double wavelength = 4.0;  // Gabor stripe period in pixels, kMinWavelength..kMaxWavelength
};

// name:        as the CLI, the JS API and the page spell it ("gaussian_blur")
// description: one line for the page: what the filter responds to
// kernel:      size x size (3 x 3 for the fixed classics), row-major, for correlation
struct Filter {
  std::string name;
  std::string description;
  Plane kernel;
};

// Every preset, in a fixed order: the notebook's four first (vertical, horizontal, flattop,
// gaussian), then the teaching kernels.
//
// Where a kernel has a centre. The generalized Sobel family (vertical, horizontal, diagonal) and
// the single-pixel kernels (identity, the impulse in unsharp_mask) use the notebook's centre pixel
// c = (size - 1) / 2 rounded down; for even sizes that is the upper-left of the four middle pixels
// (size 4: offsets -1 0 1 2), exactly as the notebook's sobel() places it, and it is the pixel a
// 'same' correlation lays on the output pixel. The smooth kernels (flattop, gaussian,
// gaussian_blur, laplacian_of_gaussian, gabor, motion_blur) are sampled around the continuous
// centre (size - 1) / 2, as scipy.signal.windows does, so even sizes stay symmetric with no centre
// pixel.
std::vector<std::string> filter_names();

// Throws TypeError for an unknown name (listing the known ones) and RangeError for a param outside
// the box above (naming the value and the limit). Within the box every value is finite.
Filter make_filter(const std::string& name, const FilterParams& params);

// Every preset, in filter_names() order.
std::vector<Filter> filter_bank(const FilterParams& params);

}  // namespace convscope
