// CNN stages: ReLU, pooling against the notebook's NaN-padded np.nanmax / np.nanmean, and
// multi-channel convolution against scipy.signal.correlate2d summed over channels
// (tests/golden/cases_filters.py -> data/filters/pool.txt, multichannel.txt).
#include <catch2/catch.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "convscope/cnn.hpp"
#include "convscope/errors.hpp"
#include "golden.hpp"

using convscope::Plane;
using convscope::PlaneView;
using convscope::PoolMode;
using convscope::PoolSpec;

namespace {

// The C planes of a (C, H, W) golden array, and views of them.
std::vector<Plane> planes(const std::string& relative) {
  const convscope::NpyArray array = convscope::read_npy(convscope::golden::data_path(relative));
  std::vector<Plane> out;
  for (int c = 0; c < array.shape.at(0); ++c) out.push_back(convscope::golden::slice(array, c));
  return out;
}

std::vector<PlaneView> views(const std::vector<Plane>& planes) {
  std::vector<PlaneView> out;
  for (const Plane& p : planes) out.push_back(p.view());
  return out;
}

struct MultichannelCase {
  std::string name;
  std::vector<Plane> image, kernel;
  Plane expected;
  convscope::ConvSpec spec;
  double tolerance = 0;
};

std::vector<MultichannelCase> multichannel_cases() {
  std::vector<MultichannelCase> cases;
  for (const auto& row : convscope::golden::load_rows("filters/multichannel.txt")) {
    REQUIRE(row.size() == 9);
    MultichannelCase c;
    c.name = row[0];
    c.image = planes("filters/" + row[0]);
    c.kernel = planes("filters/" + row[1]);
    c.expected = convscope::golden::load_plane("filters/" + row[2]);
    c.spec.padding = convscope::parse_padding_mode(row[3]);
    c.spec.border = convscope::parse_border_mode(row[4]);
    c.spec.stride = {std::stoi(row[5]), std::stoi(row[6])};
    c.spec.op = convscope::parse_operation(row[7]);
    c.tolerance = std::stod(row[8]);
    cases.push_back(std::move(c));
  }
  return cases;
}

// One filter's multi-channel convolution through a fresh Convolver.
Plane multichannel(const std::vector<PlaneView>& channels,
                   const std::vector<PlaneView>& kernel_channels, const convscope::ConvSpec& spec) {
  convscope::Convolver convolver;
  std::vector<Plane> outputs, scratch;
  convscope::conv2d_multichannel_bank(convolver, channels, {kernel_channels}, spec, outputs,
                                      scratch);
  return std::move(outputs.front());
}

}  // namespace

TEST_CASE("relu keeps the positive evidence and zeroes the rest") {
  const std::vector<float> values{-1.5f, 0.0f, 2.0f, -0.0f, 3e-8f, -3e-8f};
  const Plane map(2, 3, values);
  const std::vector<float> expected{0, 0, 2, 0, 3e-8f, 0};  // np.clip(x, 0, max)
  CHECK(convscope::relu(map.view()).data == expected);
  CHECK(!std::signbit(convscope::relu(map.view()).data[3]));  // -0 becomes +0
}

TEST_CASE("relu rejects NaN and infinity naming the position") {
  Plane map(2, 2, 1.0f);
  map.at(1, 0) = std::nanf("");
  CHECK_THROWS_WITH(convscope::relu(map.view()), Catch::Contains("NaN at (1, 0)"));
  CHECK_THROWS_AS(convscope::relu(map.view()), convscope::RangeError);
}

TEST_CASE("2x2 max and mean pooling of the notebook's kind, by hand") {
  // np.arange(16).reshape(4, 4): blocks [[0 1][4 5]] [[2 3][6 7]] ...
  Plane map(4, 4);
  for (int i = 0; i < 16; ++i) map.data[i] = static_cast<float>(i);
  CHECK(convscope::pool(map.view(), {}).data == std::vector<float>{5, 7, 13, 15});
  PoolSpec mean;
  mean.mode = PoolMode::mean;
  CHECK(convscope::pool(map.view(), mean).data == std::vector<float>{2.5, 4.5, 10.5, 12.5});
}

TEST_CASE("pooling equals NaN-padded np.nanmax / np.nanmean: padded cells are not values") {
  const auto rows = convscope::golden::load_rows("filters/pool.txt");
  REQUIRE(rows.size() == 10);
  for (const auto& row : rows) {
    INFO(row[1]);
    REQUIRE(row.size() == 11);
    const Plane input = convscope::golden::load_plane("filters/" + row[0]);
    const Plane expected = convscope::golden::load_plane("filters/" + row[1]);
    PoolSpec spec;
    spec.size = {std::stoi(row[2]), std::stoi(row[3])};
    spec.stride = {std::stoi(row[4]), std::stoi(row[5])};
    spec.pad = {std::stoi(row[6]), std::stoi(row[7]), std::stoi(row[8]), std::stoi(row[9])};
    spec.mode = convscope::parse_pool_mode(row[10]);
    const Plane out = convscope::pool(input.view(), spec);
    CHECK(convscope::golden::max_abs_error(out, expected) <= 1e-6);
  }
}

TEST_CASE("a mean pool at the corner divides by the map cells only") {
  // 2x2 map, 2x2 window, padding 1 all round, stride 2: each window holds one map cell.
  const Plane map(2, 2, std::vector<float>{1, 2, 3, 4});
  PoolSpec spec;
  spec.pad = {1, 1, 1, 1};
  spec.mode = PoolMode::mean;
  CHECK(convscope::pool(map.view(), spec).data == std::vector<float>{1, 2, 3, 4});
  spec.mode = PoolMode::max;
  const Plane negative(2, 2, -5.0f);
  CHECK(convscope::pool(negative.view(), spec).data == std::vector<float>(4, -5.0f));
}

TEST_CASE("bad pooling specs fail naming the value and the limit") {
  using Catch::Contains;
  const Plane map(6, 6, 1.0f);
  const auto fails = [&](PoolSpec spec, const std::string& message) {
    INFO(message);
    CHECK_THROWS_AS(convscope::pool(map.view(), spec), convscope::RangeError);
    CHECK_THROWS_WITH(convscope::pool(map.view(), spec), Contains(message));
  };
  PoolSpec spec;
  spec.size = {0, 2};
  fails(spec, "pool size y must be in [1, 255], got 0");
  spec = {};
  spec.stride = {2, 0};
  fails(spec, "pool stride x must be in [1, 4096], got 0");
  spec = {};
  spec.pad.left = 2;
  fails(spec, "pool padding left must be in [0, 1], got 2");
  spec = {};
  spec.pad.top = -1;
  fails(spec, "pool padding top must be in [0, 1], got -1");
  spec = {};
  spec.size = {7, 2};
  fails(spec, "output would be empty");
  CHECK_THROWS_AS(convscope::pool(PlaneView{nullptr, 0, 4}, {}), convscope::RangeError);
  CHECK_THROWS_WITH(convscope::parse_pool_mode("avg"),
                    Contains("'max', 'mean'") && Contains("got 'avg'"));
  CHECK(convscope::parse_pool_mode(convscope::to_string(PoolMode::mean)) == PoolMode::mean);
}

TEST_CASE("multi-channel convolution is correlate2d summed over channels") {
  const std::vector<MultichannelCase> cases = multichannel_cases();
  REQUIRE(cases.size() == 8);
  for (const MultichannelCase& c : cases) {
    INFO(c.name);
    const Plane out = multichannel(views(c.image), views(c.kernel), c.spec);
    CHECK(convscope::golden::max_abs_error(out, c.expected) <= c.tolerance);
  }
}

TEST_CASE("the multi-channel bank runs every method and reuses its buffers") {
  const MultichannelCase c = multichannel_cases().front();  // 3 channels, 3x3, same
  const std::vector<PlaneView> image = views(c.image);
  // Filter 0 is the golden kernel, filter 1 the same kernel with its channels reversed.
  const std::vector<PlaneView> k0 = views(c.kernel);
  const std::vector<PlaneView> k1(k0.rbegin(), k0.rend());
  const Plane expected1 = multichannel(views(c.image), k1, c.spec);
  convscope::Convolver convolver;
  std::vector<Plane> outputs, scratch;
  for (auto method : {convscope::Method::direct, convscope::Method::im2col, convscope::Method::fft,
                      convscope::Method::auto_}) {
    convscope::ConvSpec spec = c.spec;
    spec.method = method;
    const convscope::Method used =
        convscope::conv2d_multichannel_bank(convolver, image, {k0, k1}, spec, outputs, scratch);
    INFO(convscope::to_string(method));
    CHECK((method == convscope::Method::auto_ || used == method));
    REQUIRE(outputs.size() == 2);
    CHECK(convscope::golden::max_abs_error(outputs[0], c.expected) <= c.tolerance);
    CHECK(convscope::golden::max_abs_error(outputs[1], expected1) <= c.tolerance);
  }
  const float* before = outputs[0].data.data();
  convscope::conv2d_multichannel_bank(convolver, image, {k0, k1}, c.spec, outputs, scratch);
  CHECK(outputs[0].data.data() == before);
}

TEST_CASE("bad multi-channel input fails before the outputs are touched") {
  using Catch::Contains;
  const Plane a(5, 5, 1.0f), b(5, 4, 1.0f), k(3, 3, 1.0f), k2(2, 2, 1.0f);
  Plane nan_plane(5, 5, 1.0f);
  nan_plane.at(2, 3) = std::nanf("");
  convscope::Convolver convolver;
  std::vector<Plane> outputs(1, Plane(1, 1, 42.0f)), scratch;
  const auto fails = [&](const std::vector<PlaneView>& image,
                         const std::vector<std::vector<PlaneView>>& kernels,
                         const std::string& message) {
    INFO(message);
    CHECK_THROWS_WITH(
        convscope::conv2d_multichannel_bank(convolver, image, kernels, {}, outputs, scratch),
        Contains(message));
    REQUIRE(outputs.size() == 1);
    CHECK(outputs[0].data == std::vector<float>{42.0f});
  };
  fails({}, {{}}, "image channels must be in [1, 64], got 0");
  fails({a.view(), b.view()}, {{k.view(), k.view()}}, "channel 0 is 5 x 5, channel 1 is 5 x 4");
  fails({a.view(), a.view()}, {{k.view()}}, "one channel per image channel (2), got 1");
  fails({a.view()}, {{k.view()}, {k2.view()}}, "kernel 1 channel 0 is 2 x 2");
  fails({a.view()}, {}, "kernels must hold 1 to 256 kernels, got 0");
  fails({a.view(), nan_plane.view()}, {{k.view(), k.view()}}, "image channel 1");
  convscope::ConvSpec valid;
  valid.padding = convscope::PaddingMode::valid;
  const Plane big(7, 7, 1.0f);
  CHECK_THROWS_WITH(multichannel({a.view()}, {big.view()}, valid),
                    Contains("output would be empty"));
}
