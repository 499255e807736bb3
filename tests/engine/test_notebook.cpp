// The notebook's own asserts (shared/seed/notebook.txt), one case per idea, in its order:
// sliding windows and as_strided, the n x n tiles, the digit zero's feature map, the filter bank
// in one pass, and the flip asserts that tell correlation from convolution.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "convscope/convolve.hpp"
#include "convscope/errors.hpp"
#include "convscope/filters.hpp"
#include "convscope/output_size.hpp"
#include "convscope/window.hpp"
#include "golden.hpp"

using namespace convscope;

namespace {

// np.arange(h * w).reshape((h, w))
Plane arange(int h, int w) {
  Plane plane(h, w);
  for (std::size_t i = 0; i < plane.data.size(); ++i) plane.data[i] = static_cast<float>(i);
  return plane;
}

Plane rot180(const Plane& kernel) {
  Plane turned = kernel;
  std::reverse(turned.data.begin(), turned.data.end());
  return turned;
}

// The team's "agrees": 1e-4 x sum|kernel| x max|image|.
double tolerance(const Plane& image, const Plane& kernel) {
  double kernel_sum = 0, image_max = 0;
  for (float v : kernel.data) kernel_sum += std::fabs(v);
  for (float v : image.data) image_max = std::max(image_max, static_cast<double>(std::fabs(v)));
  return 1e-4 * kernel_sum * image_max;
}

ConvSpec same(Operation op, Method method = Method::direct) {
  ConvSpec spec;
  spec.padding = PaddingMode::same;
  spec.op = op;
  spec.method = method;
  return spec;
}

// The notebook's sample_image stands in as a 64x48 SciPy-golden random image.
Plane sample_image() { return golden::load_plane("conv/inputs/img_64x48c.npy"); }

}  // namespace

TEST_CASE("notebook: sliding_window_view of a 5x5 image, window 3, stride 1, equals as_strided") {
  const Plane x = arange(5, 5);
  const WindowView y = sliding_window_view(x.view(), 3, 3);
  // generate_output_size(5, 3, stride=1, padding=0) == 3
  const int chunk = output_axis(5, 3, 1, 1, 0, 0).out;
  REQUIRE(chunk == 3);
  CHECK(y.shape == std::array<int, 4>{chunk, chunk, 3, 3});

  // as_strided(x, shape=(3, 3, 3, 3), strides=(stride * row, stride * 1, row, 1)), in elements.
  const WindowView z{x.data.data(), {chunk, chunk, 3, 3}, {5, 1, 5, 1}};
  CHECK(y.strides == z.strides);
  for (int i = 0; i < chunk; ++i)
    for (int j = 0; j < chunk; ++j)
      for (int k = 0; k < 3; ++k)
        for (int l = 0; l < 3; ++l) {
          INFO("(" << i << ", " << j << ", " << k << ", " << l << ")");
          REQUIRE(y.at(i, j, k, l) == z.at(i, j, k, l));
          REQUIRE(y.at(i, j, k, l) == x.at(i + k, j + l));
        }
}

TEST_CASE("notebook: a stride-2 window view steps two pixels per output") {
  const Plane x = arange(7, 9);
  const WindowView y = sliding_window_view(x.view(), 3, 3, {2, 2});
  CHECK(y.shape == std::array<int, 4>{3, 4, 3, 3});  // (7 - 3) // 2 + 1, (9 - 3) // 2 + 1
  CHECK(y.strides == std::array<std::ptrdiff_t, 4>{18, 2, 9, 1});
  CHECK(y.at(2, 3, 2, 2) == x.at(6, 8));
}

TEST_CASE("notebook: the n x n tiles view cuts a 512x512 image into 4 x 4 tiles of 128x128") {
  const Plane image = arange(512, 512);
  const WindowView chunks = tiles_view(image.view(), 4);
  CHECK(chunks.shape == std::array<int, 4>{4, 4, 128, 128});
  CHECK(chunks.strides == std::array<std::ptrdiff_t, 4>{128 * 512, 128, 512, 1});
  CHECK(chunks.at(3, 3, 127, 127) == image.at(511, 511));
}

TEST_CASE("notebook: uneven tiles reach the last row and column") {
  // height 10, n 4: step 10 // 4 = 2, tile 10 - 2 * 3 = 4; width 13: step 3, tile 13 - 9 = 4.
  const Plane image = arange(10, 13);
  const WindowView chunks = tiles_view(image.view(), 4);
  CHECK(chunks.shape == std::array<int, 4>{4, 4, 4, 4});
  CHECK(chunks.at(3, 3, 3, 3) == image.at(9, 12));
  CHECK(chunks.at(1, 2, 0, 1) == image.at(2, 7));
}

TEST_CASE("notebook: the digit zero with a 5x5 gaussian gives SciPy's 4x4 feature map") {
  const golden::ConvCase c = golden::find_conv_case("notebook_zero_gaussian5_valid");
  const Plane zero = golden::load_plane(c.image);
  const Plane scipy_gaussian = golden::load_plane(c.kernel);
  const Plane expected = golden::load_plane(c.expected);
  // load_sample_filters(size=5, sigma=1)["gaussian"] is the preset; it equals SciPy's window.
  const Plane gaussian = make_filter("gaussian", FilterParams{5, 1.0}).kernel;
  CHECK(golden::max_abs_error(gaussian, scipy_gaussian) <= 1e-6);

  ConvSpec spec;
  spec.padding = PaddingMode::valid;
  spec.method = Method::direct;
  const Plane feature_map = conv2d(zero.view(), gaussian.view(), spec);
  // feature_map_height = generate_output_size(8, 5, stride=1, padding=0) == 4
  CHECK(feature_map.height == output_axis(8, 5, 1, 1, 0, 0).out);
  CHECK(feature_map.height == 4);
  CHECK(feature_map.width == 4);
  const double error = golden::max_abs_error(feature_map, expected);
  INFO("max abs error " << error << ", tolerance " << c.tolerance);
  CHECK(error <= c.tolerance);
}

TEST_CASE("notebook: img2col runs the four 7x7 filters in one pass, one map per filter") {
  const Plane image = sample_image();
  std::vector<Plane> filters;
  for (const char* name : {"vertical", "horizontal", "flattop", "gaussian"}) {
    filters.push_back(make_filter(name, FilterParams{7, 1.0}).kernel);
  }
  std::vector<PlaneView> bank;
  for (const Plane& f : filters) bank.push_back(f.view());
  ConvSpec spec;
  spec.padding = PaddingMode::valid;
  spec.method = Method::im2col;
  const std::vector<Plane> maps = conv2d_bank(image.view(), bank, spec);
  // filtered_sample_image.shape == (len(filters), chunk_height, chunk_width)
  REQUIRE(maps.size() == 4);
  spec.method = Method::direct;
  for (std::size_t n = 0; n < maps.size(); ++n) {
    CHECK(maps[n].height == 64 - 7 + 1);
    CHECK(maps[n].width == 48 - 7 + 1);
    const double error = golden::max_abs_error(maps[n], conv2d(image.view(), bank[n], spec));
    INFO("filter " << n << ": max abs error " << error);
    CHECK(error <= tolerance(image, filters[n]));
  }
}

TEST_CASE("notebook: a symmetric kernel (gaussian) correlates and convolves alike") {
  const Plane image = sample_image();
  const Plane gaussian = make_filter("gaussian", FilterParams{7, 1.0}).kernel;
  const Plane correlated = conv2d(image.view(), gaussian.view(), same(Operation::correlation));
  const Plane convolved = conv2d(image.view(), gaussian.view(), same(Operation::convolution));
  CHECK(golden::max_abs_error(correlated, convolved) <= tolerance(image, gaussian));
}

TEST_CASE("notebook: an asymmetric kernel (vertical) correlates differently from convolving") {
  const Plane image = sample_image();
  const Plane vertical = make_filter("vertical", FilterParams{7, 1.0}).kernel;
  const Plane correlated = conv2d(image.view(), vertical.view(), same(Operation::correlation));
  const Plane convolved = conv2d(image.view(), vertical.view(), same(Operation::convolution));
  // vertical is antisymmetric: turning it 180 degrees negates it, so the two differ widely.
  CHECK(golden::max_abs_error(correlated, convolved) > 100 * tolerance(image, vertical));
}

TEST_CASE("notebook: correlation with the kernel turned 180 degrees is convolution") {
  const Plane image = sample_image();
  const Plane vertical = make_filter("vertical", FilterParams{7, 1.0}).kernel;
  const Plane turned = rot180(vertical);
  const Plane correlated = conv2d(image.view(), turned.view(), same(Operation::correlation));
  const Plane convolved = conv2d(image.view(), vertical.view(), same(Operation::convolution));
  CHECK(golden::max_abs_error(correlated, convolved) <= tolerance(image, vertical));
}

TEST_CASE("notebook: the FFT method equals the direct loops") {
  const Plane image = sample_image();
  for (const char* name : {"gaussian", "vertical"}) {
    const Plane kernel = make_filter(name, FilterParams{7, 1.0}).kernel;
    for (Operation op : {Operation::correlation, Operation::convolution}) {
      const Plane direct = conv2d(image.view(), kernel.view(), same(op, Method::direct));
      const Plane fft = conv2d(image.view(), kernel.view(), same(op, Method::fft));
      const double error = golden::max_abs_error(direct, fft);
      INFO(name << ", " << to_string(op) << ": max abs error " << error);
      CHECK(error <= tolerance(image, kernel));
    }
  }
}

TEST_CASE("window views refuse strides and dilations beyond the engine's limits") {
  const std::vector<float> pixels(100, 0.0f);
  const convscope::PlaneView plane{pixels.data(), 10, 10};
  CHECK_THROWS_AS(convscope::sliding_window_view(plane, 3, 3, {1 << 30, 1}), convscope::RangeError);
  CHECK_THROWS_WITH(convscope::sliding_window_view(plane, 1, 1, {1, 1}, {1, 1 << 30}),
                    Catch::Contains("dilation x"));
}
