// explain: one output pixel taken apart. Its tap coordinates and the pixels they read match
// numpy.pad on the SciPy golden cases, and its sum is the map's value, for every border x padding
// x stride x dilation x op, odd / even / rectangular kernels, images smaller than the kernel.
#include <array>
#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "convscope/convolve.hpp"
#include "convscope/errors.hpp"
#include "convscope/explain.hpp"
#include "golden.hpp"

using namespace convscope;

namespace {

// One line of data/explain/manifest.txt.
struct ExplainCase {
  std::string conv_case;
  int y = 0, x = 0;
  std::vector<int> rows, cols, sources;
  double value = 0;
};

std::vector<ExplainCase> load_explain_cases() {
  const std::string path = golden::data_path("explain/manifest.txt");
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::vector<ExplainCase> cases;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    ExplainCase c;
    std::istringstream fields(line);
    for (std::string field; fields >> field;) {
      const std::size_t eq = field.find('=');
      const std::string key = field.substr(0, eq), value = field.substr(eq + 1);
      if (key == "case") c.conv_case = value;
      if (key == "y") c.y = std::stoi(value);
      if (key == "x") c.x = std::stoi(value);
      if (key == "rows") c.rows = golden::parse_ints(value);
      if (key == "cols") c.cols = golden::parse_ints(value);
      if (key == "sources") c.sources = golden::parse_ints(value);
      if (key == "value") c.value = std::stod(value);
    }
    cases.push_back(c);
  }
  return cases;
}

Plane random_plane(int h, int w, std::mt19937& rng) {
  std::uniform_real_distribution<float> uniform(-1.0f, 1.0f);
  Plane p(h, w);
  for (float& v : p.data) v = uniform(rng);
  return p;
}

double abs_sum(const Plane& p) {
  double s = 0;
  for (float v : p.data) s += std::fabs(v);
  return s;
}

}  // namespace

TEST_CASE("explain: taps and the pixels they read match numpy.pad on the SciPy cases") {
  std::map<std::string, golden::ConvCase> conv;
  for (const golden::ConvCase& c : golden::load_conv_cases()) conv[c.name] = c;
  const std::vector<ExplainCase> cases = load_explain_cases();
  REQUIRE(cases.size() > 1000);
  int padded_taps = 0;
  for (const ExplainCase& e : cases) {
    const golden::ConvCase& c = conv.at(e.conv_case);
    const Plane image = golden::load_plane(c.image);
    const Plane kernel = golden::load_plane(c.kernel);
    INFO("case " << c.name << " at (" << e.y << ", " << e.x << ")");
    const Explanation got = explain(image.view(), kernel.view(), c.spec, e.y, e.x);
    REQUIRE(got.rows == e.rows);
    REQUIRE(got.cols == e.cols);
    const float fill = c.spec.border == BorderMode::constant ? c.spec.border_value : 0.0f;
    for (int k = 0; k < kernel.height; ++k) {
      for (int l = 0; l < kernel.width; ++l) {
        const std::size_t tap = static_cast<std::size_t>(k) * kernel.width + l;
        const int source = e.sources[tap];
        const bool outside =
            e.rows[k] < 0 || e.rows[k] >= image.height || e.cols[l] < 0 || e.cols[l] >= image.width;
        INFO("tap (" << k << ", " << l << ") reads " << source);
        CHECK(got.padding[tap] == outside);
        padded_taps += outside;
        if (source < 0) {
          CHECK((got.source_rows[k] < 0 || got.source_cols[l] < 0));
          CHECK(got.window.at(k, l) == fill);
        } else {
          CHECK(got.source_rows[k] * image.width + got.source_cols[l] == source);
          CHECK(got.window.at(k, l) == image.data[source]);
        }
      }
    }
    CHECK(std::fabs(got.sum - e.value) <= c.tolerance);
  }
  CHECK(padded_taps > 0);
}

TEST_CASE("explain: the sum is the map's value at random pixels of every spec") {
  std::mt19937 rng(11);
  // {image h, w, kernel h, w}: odd, even, rectangular, and a kernel larger than the image.
  const std::vector<std::array<int, 4>> sizes = {
      {9, 11, 3, 3}, {12, 10, 4, 4}, {7, 13, 2, 5}, {3, 2, 5, 4}, {1, 1, 3, 3}};
  const std::vector<PaddingMode> paddings = {PaddingMode::valid, PaddingMode::same,
                                             PaddingMode::full, PaddingMode::explicit_};
  Convolver convolver;
  std::vector<Plane> maps;
  int checked = 0;
  for (BorderMode border : {BorderMode::zero, BorderMode::constant, BorderMode::replicate,
                            BorderMode::reflect, BorderMode::mirror, BorderMode::wrap}) {
    for (PaddingMode padding : paddings) {
      for (int stride = 1; stride <= 3; ++stride) {
        for (int dilation = 1; dilation <= 2; ++dilation) {
          for (Operation op : {Operation::correlation, Operation::convolution}) {
            for (const auto& [h, w, kh, kw] : sizes) {
              ConvSpec spec;
              spec.padding = padding;
              spec.pad = {2, 0, 1, 3};
              spec.border = border;
              spec.border_value = -0.75f;
              spec.stride = {stride, stride == 3 ? 1 : stride};
              spec.dilation = {dilation, dilation};
              spec.op = op;
              const Plane image = random_plane(h, w, rng);
              const Plane kernel = random_plane(kh, kw, rng);
              OutputGeometry g;
              try {
                g = output_geometry(h, w, kh, kw, spec);
              } catch (const RangeError&) {
                continue;  // 'valid' with a kernel larger than the image: no output to explain
              }
              convolver.run(image.view(), {kernel.view()}, spec, maps);
              INFO(to_string(border)
                   << " " << to_string(padding) << " stride " << stride << " dilation " << dilation
                   << " " << to_string(op) << " " << h << "x" << w << " k" << kh << "x" << kw);
              for (int n = 0; n < 3; ++n) {
                const int y = std::uniform_int_distribution<int>(0, g.height() - 1)(rng);
                const int x = std::uniform_int_distribution<int>(0, g.width() - 1)(rng);
                const Explanation e = explain(image.view(), kernel.view(), spec, y, x);
                INFO("at (" << y << ", " << x << ")");
                CHECK(std::fabs(e.sum - maps[0].at(y, x)) <= 1e-5 * (abs_sum(kernel) + 1));
                ++checked;
              }
            }
          }
        }
      }
    }
  }
  CHECK(checked > 2000);
}

TEST_CASE("explain: convolution applies the kernel turned 180 degrees") {
  const Plane image(4, 4, 1.0f);
  const Plane kernel(2, 3, std::vector<float>{1, 2, 3, 4, 5, 6});
  ConvSpec spec;
  spec.op = Operation::convolution;
  const Explanation e = explain(image.view(), kernel.view(), spec, 1, 1);
  CHECK(e.written.data == kernel.data);
  CHECK(e.applied.data == std::vector<float>{6, 5, 4, 3, 2, 1});
  spec.op = Operation::correlation;
  CHECK(explain(image.view(), kernel.view(), spec, 1, 1).applied.data == kernel.data);
}

TEST_CASE("explain: a pixel outside the output is a RangeError naming 'at'") {
  const Plane image(5, 6, 0.5f);
  const Plane kernel(3, 3, 1.0f);
  ConvSpec spec;
  spec.stride = {2, 2};  // output 3 x 3
  for (const auto& [y, x] : std::vector<std::pair<int, int>>{{3, 0}, {0, 3}, {-1, 0}, {0, -1}}) {
    try {
      explain(image.view(), kernel.view(), spec, y, x);
      FAIL("no error for (" << y << ", " << x << ")");
    } catch (const RangeError& error) {
      CHECK(error.argument() == "at");
      CHECK_THAT(error.what(), Catch::Contains("must be in [0, 2]"));
    }
  }
  spec.padding = PaddingMode::valid;
  const Plane small(2, 2, 0.5f);
  CHECK_THROWS_AS(explain(small.view(), kernel.view(), spec, 0, 0), RangeError);
}
