// Filter presets: the notebook's four and the sized teaching kernels against their SciPy / NumPy
// definitions (tests/golden/cases_filters.py -> data/filters/kernels.txt), the fixed classics
// against their textbook matrices, and what each family is for (sums, alignment).
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "convscope/convolve.hpp"
#include "convscope/errors.hpp"
#include "convscope/filters.hpp"
#include "golden.hpp"

using convscope::FilterParams;
using convscope::Plane;

namespace {

double sum(const Plane& kernel) {
  double s = 0;
  for (float v : kernel.data) s += v;
  return s;
}

double max_abs(const Plane& kernel) {
  double m = 0;
  for (float v : kernel.data) m = std::max(m, std::fabs(static_cast<double>(v)));
  return m;
}

Plane kernel(const std::string& name, int size = 7) {
  FilterParams params;
  params.size = size;
  return convscope::make_filter(name, params).kernel;
}

}  // namespace

TEST_CASE("the notebook's four filters come first, then the teaching kernels") {
  const std::vector<std::string> names = convscope::filter_names();
  REQUIRE(names.size() == 23);
  CHECK(std::vector<std::string>(names.begin(), names.begin() + 4) ==
        std::vector<std::string>{"vertical", "horizontal", "flattop", "gaussian"});
}

TEST_CASE("sized presets equal their SciPy / NumPy definitions at every size, sigma and angle") {
  namespace golden = convscope::golden;
  const auto rows = golden::load_rows("filters/kernels.txt");
  REQUIRE(rows.size() >= 16);
  for (const auto& row : rows) {
    REQUIRE(row.size() == 6);
    const convscope::NpyArray stack = convscope::read_npy(golden::data_path("filters/" + row[0]));
    FilterParams params;
    params.size = std::stoi(row[1]);
    params.sigma = std::stod(row[2]);
    params.theta = std::stod(row[3]);
    params.wavelength = std::stod(row[4]);
    std::vector<std::string> names;
    std::stringstream list(row[5]);
    for (std::string name; std::getline(list, name, ',');) names.push_back(name);
    REQUIRE(stack.shape ==
            std::vector<int>{static_cast<int>(names.size()), params.size, params.size});
    for (std::size_t n = 0; n < names.size(); ++n) {
      INFO(row[0] << ": " << names[n]);
      const Plane expected = golden::slice(stack, static_cast<int>(n));
      const Plane actual = convscope::make_filter(names[n], params).kernel;
      // float32 of the same double arithmetic: a few ulps at most.
      CHECK(golden::max_abs_error(actual, expected) <= 1e-6 * max_abs(expected));
    }
  }
}

TEST_CASE("the fixed 3x3 classics are the textbook matrices and ignore size") {
  const std::vector<std::pair<std::string, std::vector<float>>> classics = {
      {"sharpen", {0, -1, 0, -1, 5, -1, 0, -1, 0}},
      {"emboss", {-2, -1, 0, -1, 1, 1, 0, 1, 2}},
      {"outline", {-1, -1, -1, -1, 8, -1, -1, -1, -1}},
      {"laplacian_4", {0, 1, 0, 1, -4, 1, 0, 1, 0}},
      {"laplacian_8", {1, 1, 1, 1, -8, 1, 1, 1, 1}},
      {"sobel_x", {-1, 0, 1, -2, 0, 2, -1, 0, 1}},
      {"sobel_y", {-1, -2, -1, 0, 0, 0, 1, 2, 1}},
      {"prewitt_x", {-1, 0, 1, -1, 0, 1, -1, 0, 1}},
      {"prewitt_y", {-1, -1, -1, 0, 0, 0, 1, 1, 1}},
      {"scharr_x", {-3, 0, 3, -10, 0, 10, -3, 0, 3}},
      {"scharr_y", {-3, -10, -3, 0, 0, 0, 3, 10, 3}},
  };
  for (const auto& [name, matrix] : classics) {
    INFO(name);
    for (int size : {1, 3, 8, 63}) {
      const Plane k = kernel(name, size);
      CHECK(k.height == 3);
      CHECK(k.width == 3);
      CHECK(k.data == matrix);
    }
    const convscope::Filter filter = convscope::make_filter(name, {});
    CHECK_THAT(filter.description, Catch::Contains("fixed 3x3; size is ignored"));
  }
}

TEST_CASE("the notebook's 3x3 vertical filter is Sobel x over 2: the same edge detector") {
  const Plane vertical = kernel("vertical", 3), sobel = kernel("sobel_x");
  for (std::size_t i = 0; i < 9; ++i) CHECK(vertical.data[i] == Approx(sobel.data[i] / 2));
}

TEST_CASE("edge and Laplacian kernels sum to 0 at odd sizes: flat regions go black") {
  for (const char* name :
       {"vertical", "horizontal", "diagonal", "outline", "laplacian_4", "laplacian_8", "sobel_x",
        "sobel_y", "prewitt_x", "prewitt_y", "scharr_x", "scharr_y", "laplacian_of_gaussian"}) {
    INFO(name);
    for (int size : {3, 7}) {
      const Plane k = kernel(name, size);
      CHECK(std::fabs(sum(k)) <= 1e-6 * max_abs(k) * k.data.size());
      // A flat grey image gives 0 everywhere away from the border.
      const Plane flat(12, 12, 0.5f);
      convscope::ConvSpec spec;
      spec.padding = convscope::PaddingMode::valid;
      const Plane out = convscope::conv2d(flat.view(), k.view(), spec);
      CHECK(max_abs(out) <= 1e-5);
    }
  }
}

TEST_CASE(
    "even generalized Sobel kernels keep the notebook's off-centre bias, and LoG stays at 0") {
  // np.sum(sobel(4, axis)) with the notebook's sobel(): one more column of positive taps.
  CHECK(sum(kernel("vertical", 4)) == Approx(1.55));
  CHECK(sum(kernel("horizontal", 4)) == Approx(1.55));
  CHECK(std::fabs(sum(kernel("laplacian_of_gaussian", 8))) <= 1e-6);
}

TEST_CASE("blurs and sharpeners sum to 1: flat regions keep their brightness") {
  for (const char* name : {"box_blur", "gaussian_blur", "unsharp_mask", "motion_blur", "sharpen",
                           "emboss", "identity"}) {
    INFO(name);
    for (int size : {1, 4, 7, 63}) CHECK(sum(kernel(name, size)) == Approx(1.0).epsilon(1e-5));
  }
}

TEST_CASE(
    "identity through a 'same' correlation or convolution returns the image, even sizes too") {
  Plane image(5, 6);
  for (std::size_t i = 0; i < image.data.size(); ++i) image.data[i] = static_cast<float>(i * i % 7);
  for (int size : {1, 2, 3, 4, 7, 8}) {
    INFO("size " << size);
    for (auto op : {convscope::Operation::correlation, convscope::Operation::convolution}) {
      convscope::ConvSpec spec;
      spec.op = op;
      spec.method = convscope::Method::direct;
      CHECK(convscope::conv2d(image.view(), kernel("identity", size).view(), spec).data ==
            image.data);
    }
  }
}

TEST_CASE("Gabor and motion blur turn with theta: 90 degrees is the 0-degree kernel transposed") {
  FilterParams params;
  params.size = 9;
  params.sigma = 2;
  params.wavelength = 5;
  const Plane gabor0 = convscope::make_filter("gabor", params).kernel;
  const Plane motion0 = convscope::make_filter("motion_blur", params).kernel;
  params.theta = 90;
  const Plane gabor90 = convscope::make_filter("gabor", params).kernel;
  const Plane motion90 = convscope::make_filter("motion_blur", params).kernel;
  for (int y = 0; y < 9; ++y) {
    for (int x = 0; x < 9; ++x) {
      CHECK(gabor90.at(y, x) == Approx(gabor0.at(x, y)).margin(1e-6));
      CHECK(motion90.at(y, x) == Approx(motion0.at(x, y)).margin(1e-6));
    }
  }
  // theta 0: horizontal motion averages the middle row only.
  for (int x = 0; x < 9; ++x) CHECK(motion0.at(4, x) == Approx(1.0 / 9));
}

TEST_CASE("filter_bank holds every preset, in order, each described on one line") {
  FilterParams params;
  params.size = 5;
  params.sigma = 1.5;
  const std::vector<convscope::Filter> bank = convscope::filter_bank(params);
  const std::vector<std::string> names = convscope::filter_names();
  REQUIRE(bank.size() == names.size());
  for (std::size_t i = 0; i < bank.size(); ++i) {
    INFO(names[i]);
    CHECK(bank[i].name == names[i]);
    CHECK(!bank[i].description.empty());
    CHECK(bank[i].description.find('\n') == std::string::npos);
    CHECK(bank[i].kernel.data == convscope::make_filter(names[i], params).kernel.data);
  }
}

TEST_CASE("bad filter names and params are rejected naming the value and the limit") {
  using Catch::Contains;
  CHECK_THROWS_AS(convscope::make_filter("sobel", {}), convscope::TypeError);
  CHECK_THROWS_WITH(convscope::make_filter("sobel", {}),
                    Contains("'sobel'") && Contains("vertical, horizontal, flattop, gaussian"));
  const auto with = [](auto change) {
    FilterParams params;
    change(params);
    return params;
  };
  const std::vector<std::pair<FilterParams, std::string>> bad = {
      {with([](FilterParams& p) { p.size = 0; }), "filter size must be in [1, 63], got 0"},
      {with([](FilterParams& p) { p.size = 64; }), "filter size must be in [1, 63], got 64"},
      {with([](FilterParams& p) { p.sigma = 0; }), "sigma must be finite and > 0, got 0"},
      {with([](FilterParams& p) { p.sigma = -2; }), "got -2"},
      {with([](FilterParams& p) { p.sigma = std::nan(""); }), "got nan"},
      {with([](FilterParams& p) { p.sigma = INFINITY; }), "got inf"},
      {with([](FilterParams& p) { p.theta = std::nan(""); }), "theta must be finite, got nan"},
      {with([](FilterParams& p) { p.wavelength = 1.5; }),
       ">= 2 pixels (the Nyquist limit), got 1.5"},
      {with([](FilterParams& p) { p.sigma = 1e-10; }),
       "sigma must be in [0.1, 32] pixels, got 1e-10"},
      {with([](FilterParams& p) { p.sigma = 1e-30; }),
       "sigma must be in [0.1, 32] pixels, got 1e-30"},
      {with([](FilterParams& p) { p.sigma = 0.0999; }), "got 0.0999"},
      {with([](FilterParams& p) { p.sigma = 1e300; }),
       "sigma must be in [0.1, 32] pixels, got 1e+300"},
      {with([](FilterParams& p) { p.theta = -361; }),
       "theta must be in [-360, 360] degrees, got -361"},
      {with([](FilterParams& p) { p.theta = 1e300; }), "got 1e+300"},
      {with([](FilterParams& p) { p.wavelength = 64.5; }),
       "wavelength must be in [2, 64] pixels, got 64.5"},
  };
  for (const auto& [params, message] : bad) {
    INFO(message);
    CHECK_THROWS_AS(convscope::make_filter("gaussian", params), convscope::RangeError);
    try {
      convscope::filter_bank(params);
    } catch (const convscope::RangeError& e) {
      // The argument at fault is the first word of the message ("filter size" -> "size").
      const std::string text = e.what();
      CHECK(!e.argument().empty());
      CHECK(text.find(e.argument() + " must") != std::string::npos);
    }
    CHECK_THROWS_WITH(convscope::make_filter("sharpen", params), Contains(message));
    CHECK_THROWS_WITH(convscope::filter_bank(params), Contains(message));
  }
}

TEST_CASE("every preset is finite over the whole parameter box: its corners and a random sample") {
  std::vector<FilterParams> box;
  for (int size : {1, 2, 62, 63})
    for (double sigma : {convscope::kMinSigma, convscope::kMaxSigma})
      for (double theta : {-convscope::kMaxTheta, 0.0, convscope::kMaxTheta})
        for (double wavelength : {convscope::kMinWavelength, convscope::kMaxWavelength})
          box.push_back({size, sigma, theta, wavelength});
  std::mt19937 rng(17);
  std::uniform_int_distribution<int> size(1, convscope::kMaxFilterSize);
  // sigma log-uniform: as many small sigmas, where the presets are steepest, as large ones.
  std::uniform_real_distribution<double> log_sigma(std::log(convscope::kMinSigma),
                                                   std::log(convscope::kMaxSigma));
  std::uniform_real_distribution<double> theta(-convscope::kMaxTheta, convscope::kMaxTheta);
  std::uniform_real_distribution<double> wavelength(convscope::kMinWavelength,
                                                    convscope::kMaxWavelength);
  for (int i = 0; i < 300; ++i)
    box.push_back({size(rng), std::exp(log_sigma(rng)), theta(rng), wavelength(rng)});
  std::vector<std::string> not_finite;
  for (const FilterParams& params : box) {
    for (const convscope::Filter& filter : convscope::filter_bank(params)) {
      if (!std::all_of(filter.kernel.data.begin(), filter.kernel.data.end(),
                       [](float v) { return std::isfinite(v); })) {
        std::ostringstream where;
        where << filter.name << " at size " << params.size << ", sigma " << params.sigma
              << ", theta " << params.theta << ", wavelength " << params.wavelength;
        not_finite.push_back(where.str());
      }
    }
  }
  CHECK(box.size() == 4 * 2 * 3 * 2 + 300);
  CHECK(not_finite == std::vector<std::string>{});
}
