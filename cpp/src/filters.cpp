// Filter presets. Kernels are computed in double and stored as float32; the notebook's four are
// the same arithmetic as their SciPy definitions (tests/golden/cases_filters.py checks them).
#include "convscope/filters.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <initializer_list>
#include <string>

#include "convscope/errors.hpp"

namespace convscope {
namespace {

constexpr double kPi = 3.14159265358979323846;

// The notebook's centre pixel: the upper-left of the middle four for even sizes.
int centre_pixel(int size) { return (size - 1) / 2; }

// The continuous centre scipy.signal.windows samples around.
double centre_point(int size) { return (size - 1) / 2.0; }

Plane from_rows(std::initializer_list<std::initializer_list<float>> rows) {
  Plane kernel(static_cast<int>(rows.size()), static_cast<int>(rows.begin()->size()));
  int y = 0;
  for (const auto& row : rows) std::copy(row.begin(), row.end(), kernel.row(y++));
  return kernel;
}

// kernel(y, x) = column[y] * row[x], the notebook's np.outer.
Plane outer(const std::vector<double>& column, const std::vector<double>& row) {
  Plane kernel(static_cast<int>(column.size()), static_cast<int>(row.size()));
  for (int y = 0; y < kernel.height; ++y)
    for (int x = 0; x < kernel.width; ++x) kernel.at(y, x) = static_cast<float>(column[y] * row[x]);
  return kernel;
}

// scipy.signal.windows.gaussian(size, sigma): peak 1 at the continuous centre.
std::vector<double> gaussian_window(int size, double sigma) {
  std::vector<double> w(size);
  const double sig2 = 2 * sigma * sigma;
  for (int n = 0; n < size; ++n) {
    const double d = n - centre_point(size);
    w[n] = std::exp(-d * d / sig2);
  }
  return w;
}

// scipy.signal.windows.flattop(size): a 5-term cosine sum over linspace(-pi, pi, size), ones for
// size 1. The coefficients make the passband flat, which leaves the rims slightly negative.
std::vector<double> flattop_window(int size) {
  const double a[] = {0.21557895, 0.41663158, 0.277263158, 0.083578947, 0.006947368};
  std::vector<double> w(size, 1.0);
  if (size <= 1) return w;
  for (int n = 0; n < size; ++n) {
    const double fac = n == size - 1 ? kPi : -kPi + n * (2 * kPi / (size - 1));
    double sum = 0;
    for (int k = 0; k < 5; ++k) sum += a[k] * std::cos(k * fac);
    w[n] = sum;
  }
  return w;
}

// The notebook's sobel(size, axis): for offsets (i', j') (column, row) from the centre pixel,
// i' / (i'^2 + j'^2) (vertical) or j' / (i'^2 + j'^2) (horizontal), 0 at the centre. Each tap
// weighs a neighbour's difference by 1 / distance. For odd sizes it is antisymmetric and sums to
// 0: flat regions go black, a brightness ramp across the axis gives a constant response. For even
// sizes the notebook's centre leaves one more column (row) of taps on the positive side, so the
// sum is positive (1.55 at size 4) and flat regions come out slightly bright.
Plane generalized_sobel(int size, bool vertical) {
  Plane kernel(size, size, 0.0f);
  const int c = centre_pixel(size);
  for (int y = 0; y < size; ++y) {
    for (int x = 0; x < size; ++x) {
      const int di = x - c, dj = y - c;
      if (di == 0 && dj == 0) continue;
      kernel.at(y, x) =
          static_cast<float>(static_cast<double>(vertical ? di : dj) / (di * di + dj * dj));
    }
  }
  return kernel;
}

// Normalized so flat regions keep their brightness.
Plane normalized(std::vector<double> values, int size) {
  double sum = 0;
  for (double v : values) sum += v;
  Plane kernel(size, size);
  for (std::size_t i = 0; i < values.size(); ++i)
    kernel.data[i] = static_cast<float>(values[i] / sum);
  return kernel;
}

Plane gaussian_blur(const FilterParams& p) {
  const std::vector<double> w = gaussian_window(p.size, p.sigma);
  std::vector<double> values(static_cast<std::size_t>(p.size) * p.size);
  for (int y = 0; y < p.size; ++y)
    for (int x = 0; x < p.size; ++x) values[y * p.size + x] = w[y] * w[x];
  return normalized(std::move(values), p.size);
}

Plane impulse(int size) {
  Plane kernel(size, size, 0.0f);
  kernel.at(centre_pixel(size), centre_pixel(size)) = 1.0f;
  return kernel;
}

// Samples f(x, u) over the kernel, x to the right and u upwards on screen, from the continuous
// centre.
template <typename F>
std::vector<double> sample(int size, F f) {
  std::vector<double> values(static_cast<std::size_t>(size) * size);
  const double m = centre_point(size);
  for (int y = 0; y < size; ++y)
    for (int x = 0; x < size; ++x) values[y * size + x] = f(x - m, m - y);
  return values;
}

Plane to_plane(const std::vector<double>& values, int size) {
  Plane kernel(size, size);
  std::transform(values.begin(), values.end(), kernel.data.begin(),
                 [](double v) { return static_cast<float>(v); });
  return kernel;
}

// Laplacian of the normalized gaussian, (r^2 - 2 sigma^2) / sigma^4 * G(r), minus its mean: the
// truncated samples do not sum to 0 on their own, and a zero sum is what makes flat regions go
// black. Negative at the centre like laplacian_4, so a bright spot of radius ~ sigma * sqrt(2)
// gives a strong negative response and edges show as zero crossings.
Plane laplacian_of_gaussian(const FilterParams& p) {
  const double s2 = p.sigma * p.sigma;
  std::vector<double> values = sample(p.size, [s2](double x, double u) {
    const double r2 = x * x + u * u;
    return (r2 - 2 * s2) / (s2 * s2) * std::exp(-r2 / (2 * s2)) / (2 * kPi * s2);
  });
  double mean = 0;
  for (double v : values) mean += v;
  mean /= static_cast<double>(values.size());
  for (double& v : values) v -= mean;
  return to_plane(values, p.size);
}

// Real (cosine) Gabor: a plane wave of period wavelength travelling along theta, under an
// isotropic gaussian of sigma. Stripes perpendicular to theta that match the period light up;
// the cosine has a positive mean, so it also passes some of the average brightness.
Plane gabor(const FilterParams& p) {
  const double t = p.theta * (kPi / 180.0);
  const double c = std::cos(t), s = std::sin(t);
  const double sig2 = 2 * p.sigma * p.sigma;
  const double k = 2 * kPi / p.wavelength;
  return to_plane(sample(p.size,
                         [&](double x, double u) {
                           return std::exp(-(x * x + u * u) / sig2) * std::cos(k * (x * c + u * s));
                         }),
                  p.size);
}

// An anti-aliased line of length size through the centre at theta: each pixel weighs
// max(0, 1 - distance from the line) if its projection on the line is within size / 2; then
// normalized to sum 1, so it averages along the direction of motion and keeps the brightness.
Plane motion_blur(const FilterParams& p) {
  const double t = p.theta * (kPi / 180.0);
  const double c = std::cos(t), s = std::sin(t);
  const double half = p.size / 2.0;
  return normalized(sample(p.size,
                           [&](double x, double u) {
                             const double along = x * c + u * s;
                             const double across = -x * s + u * c;
                             return std::abs(along) <= half ? std::max(0.0, 1 - std::abs(across))
                                                            : 0.0;
                           }),
                    p.size);
}

struct Preset {
  const char* name;
  const char* description;
  Plane (*make)(const FilterParams&);
};

// The table the page lists, in order. Fixed 3 x 3 classics say so in their description.
const Preset kPresets[] = {
    {"vertical",
     "Vertical edges: positive where brightness rises from left to right (the notebook's "
     "generalized Sobel, weights 1 / distance)",
     [](const FilterParams& p) { return generalized_sobel(p.size, true); }},
    {"horizontal",
     "Horizontal edges: positive where brightness rises from top to bottom (the notebook's "
     "generalized Sobel, weights 1 / distance)",
     [](const FilterParams& p) { return generalized_sobel(p.size, false); }},
    // Peak 1, not normalized: its sum, about (0.216 (size - 1))^2 (0.79 at size 5, 1.67 at 7,
    // 9.1 at 15), scales the brightness.
    {"flattop",
     "Flat-top window blur, peak 1: broad smoothing with slightly negative rims; not normalized, "
     "so brightness scales with size",
     [](const FilterParams& p) {
       const std::vector<double> w = flattop_window(p.size);
       return outer(w, w);
     }},
    // Peak 1, not normalized (the notebook's): the output is the image times the kernel's sum.
    {"gaussian",
     "Gaussian blur of spread sigma with peak 1, not normalized: smooths and brightens by the "
     "kernel's sum",
     [](const FilterParams& p) {
       const std::vector<double> w = gaussian_window(p.size, p.sigma);
       return outer(w, w);
     }},
    {"identity",
     "Identity: a single 1 at the centre, so the output is the input (shows padding and "
     "alignment)",
     [](const FilterParams& p) { return impulse(p.size); }},
    // Every tap 1 / size^2: sums to 1, so flat regions keep their brightness.
    {"box_blur", "Box blur: the plain average of the size x size neighbourhood",
     [](const FilterParams& p) {
       const float v = 1.0f / (static_cast<float>(p.size) * static_cast<float>(p.size));
       return Plane(p.size, p.size, v);
     }},
    {"gaussian_blur",
     "Gaussian blur normalized to sum 1: removes detail finer than sigma, keeps the brightness",
     gaussian_blur},
    // Sums to 1: flat regions are unchanged, a pixel brighter than its neighbours gets brighter.
    {"sharpen",
     "Sharpen: a pixel against its 4 neighbours, so edges and noise stand out (fixed 3x3; size "
     "is ignored)",
     [](const FilterParams&) {
       return from_rows({{0, -1, 0}, {-1, 5, -1}, {0, -1, 0}});
     }},
    // 2 x impulse - blur = image + (image - blur): adds back the detail the blur removed.
    {"unsharp_mask",
     "Unsharp mask: the image plus its detail finer than sigma (image - gaussian blur)",
     [](const FilterParams& p) {
       Plane kernel = gaussian_blur(p);
       for (float& v : kernel.data) v = -v;
       kernel.at(centre_pixel(p.size), centre_pixel(p.size)) += 2.0f;
       return kernel;
     }},
    // Sums to 1: flat regions keep their grey; the antisymmetric rest is a diagonal derivative.
    {"emboss",
     "Emboss: the image plus its change towards the bottom-right, so edges stand out like a "
     "relief (fixed 3x3; size is ignored)",
     [](const FilterParams&) {
       return from_rows({{-2, -1, 0}, {-1, 1, 1}, {0, 1, 2}});
     }},
    // Sums to 0, so flat regions go black and only outlines remain.
    {"outline",
     "Outline: a pixel against all 8 neighbours; flat regions go black, edges light up (fixed "
     "3x3; size is ignored)",
     [](const FilterParams&) {
       return from_rows({{-1, -1, -1}, {-1, 8, -1}, {-1, -1, -1}});
     }},
    // The discrete second derivative: sums to 0, so flat regions and even ramps give 0.
    {"laplacian_4",
     "Laplacian, 4 neighbours: the second derivative; thin lines and corners, 0 on flat areas and "
     "ramps (fixed 3x3; size is ignored)",
     [](const FilterParams&) {
       return from_rows({{0, 1, 0}, {1, -4, 1}, {0, 1, 0}});
     }},
    {"laplacian_8",
     "Laplacian, 8 neighbours: the second derivative including diagonals (fixed 3x3; size is "
     "ignored)",
     [](const FilterParams&) {
       return from_rows({{1, 1, 1}, {1, -8, 1}, {1, 1, 1}});
     }},
    // Derivative across x, smoothing [1 2 1] along y: sums to 0, flat regions go black.
    {"sobel_x",
     "Sobel x: vertical edges (brightness rising to the right), smoothed over 3 rows (fixed "
     "3x3; size is ignored)",
     [](const FilterParams&) {
       return from_rows({{-1, 0, 1}, {-2, 0, 2}, {-1, 0, 1}});
     }},
    {"sobel_y",
     "Sobel y: horizontal edges (brightness rising downwards), smoothed over 3 columns (fixed "
     "3x3; size is ignored)",
     [](const FilterParams&) {
       return from_rows({{-1, -2, -1}, {0, 0, 0}, {1, 2, 1}});
     }},
    {"prewitt_x",
     "Prewitt x: vertical edges, like Sobel x with equal row weights (fixed 3x3; size is "
     "ignored)",
     [](const FilterParams&) {
       return from_rows({{-1, 0, 1}, {-1, 0, 1}, {-1, 0, 1}});
     }},
    {"prewitt_y",
     "Prewitt y: horizontal edges, like Sobel y with equal column weights (fixed 3x3; size is "
     "ignored)",
     [](const FilterParams&) {
       return from_rows({{-1, -1, -1}, {0, 0, 0}, {1, 1, 1}});
     }},
    // Weights 3 10 3 make the gradient's direction accurate at every angle.
    {"scharr_x",
     "Scharr x: vertical edges, weights 3 10 3 so every edge angle responds alike (fixed 3x3; "
     "size is ignored)",
     [](const FilterParams&) {
       return from_rows({{-3, 0, 3}, {-10, 0, 10}, {-3, 0, 3}});
     }},
    {"scharr_y",
     "Scharr y: horizontal edges, weights 3 10 3 so every edge angle responds alike (fixed 3x3; "
     "size is ignored)",
     [](const FilterParams&) {
       return from_rows({{-3, -10, -3}, {0, 0, 0}, {3, 10, 3}});
     }},
    // vertical + horizontal: (i' + j') / (i'^2 + j'^2), sums to 0.
    {"diagonal",
     "Diagonal edges: positive where brightness rises towards the bottom-right (vertical + "
     "horizontal)",
     [](const FilterParams& p) {
       Plane kernel = generalized_sobel(p.size, true);
       const Plane other = generalized_sobel(p.size, false);
       for (std::size_t i = 0; i < kernel.data.size(); ++i) kernel.data[i] += other.data[i];
       return kernel;
     }},
    {"laplacian_of_gaussian",
     "Laplacian of Gaussian: blobs and edges at the scale of sigma; a bright spot gives a "
     "negative centre, edges are zero crossings",
     laplacian_of_gaussian},
    {"gabor",
     "Gabor: stripes of period wavelength with their waves along theta (theta 0: vertical "
     "bars), within a gaussian of sigma",
     gabor},
    {"motion_blur",
     "Motion blur: the average along a line of size pixels at angle theta, like a camera "
     "moving that way",
     motion_blur},
};

std::string format(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%g", value);
  return buffer;
}

// A finite value outside [low, high] of what an argument allows.
void check_within(const char* argument, double value, double low, double high, const char* unit) {
  if (value < low || value > high) {
    throw RangeError(argument, std::string(argument) + " must be in [" + format(low) + ", " +
                                   format(high) + "] " + unit + ", got " + format(value));
  }
}

void validate(const FilterParams& p) {
  if (p.size < 1 || p.size > kMaxFilterSize)
    throw RangeError("size", "filter size must be in [1, " + std::to_string(kMaxFilterSize) +
                                 "], got " + std::to_string(p.size));
  if (!(p.sigma > 0) || !std::isfinite(p.sigma))
    throw RangeError("sigma", "sigma must be finite and > 0, got " + format(p.sigma));
  check_within("sigma", p.sigma, kMinSigma, kMaxSigma, "pixels");
  if (!std::isfinite(p.theta))
    throw RangeError("theta", "theta must be finite, got " + format(p.theta));
  check_within("theta", p.theta, -kMaxTheta, kMaxTheta, "degrees");
  if (!(p.wavelength >= kMinWavelength) || !std::isfinite(p.wavelength))
    throw RangeError("wavelength",
                     "wavelength must be finite and >= 2 pixels (the Nyquist limit), got " +
                         format(p.wavelength));
  check_within("wavelength", p.wavelength, kMinWavelength, kMaxWavelength, "pixels");
}

Filter build(const Preset& preset, const FilterParams& params) {
  return {preset.name, preset.description, preset.make(params)};
}

}  // namespace

std::vector<std::string> filter_names() {
  std::vector<std::string> names;
  for (const Preset& preset : kPresets) names.emplace_back(preset.name);
  return names;
}

Filter make_filter(const std::string& name, const FilterParams& params) {
  for (const Preset& preset : kPresets) {
    if (name != preset.name) continue;
    validate(params);
    return build(preset, params);
  }
  std::string known;
  for (const Preset& preset : kPresets)
    known += (known.empty() ? "" : ", ") + std::string(preset.name);
  throw TypeError("filter", "unknown filter '" + name + "'; known filters: " + known);
}

std::vector<Filter> filter_bank(const FilterParams& params) {
  validate(params);
  std::vector<Filter> bank;
  for (const Preset& preset : kPresets) bank.push_back(build(preset, params));
  return bank;
}

}  // namespace convscope
