// Every SciPy golden case (tests/golden/data/conv/manifest.txt) through the engine's entry point:
// each border mode x padding x stride x dilation x op, odd / even / rectangular kernels, images
// from 1x1, kernels larger than the image; the cases with an empty output must throw RangeError.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "convscope/convolve.hpp"
#include "convscope/errors.hpp"
#include "golden.hpp"

using namespace convscope;

namespace {

// Runs every case with the given method through one Convolver (its buffers reused across cases,
// as on the live path); one CHECK per case, so a failure lists each case with its error.
void check_all_cases(Method method) {
  const std::vector<golden::ConvCase> cases = golden::load_conv_cases();
  REQUIRE(cases.size() > 1000);
  Convolver convolver;
  std::vector<Plane> outputs;
  int error_cases = 0;
  for (const golden::ConvCase& c : cases) {
    ConvSpec spec = c.spec;
    spec.method = method;
    const Plane image = golden::load_plane(c.image);
    const Plane kernel = golden::load_plane(c.kernel);
    INFO("case " << c.name << " (method " << to_string(method) << ")\n  " << c.line);
    if (!c.error.empty()) {
      REQUIRE(c.error == "RangeError");
      CHECK_THROWS_AS(convolver.run(image.view(), {kernel.view()}, spec, outputs), RangeError);
      ++error_cases;
      continue;
    }
    const Plane expected = golden::load_plane(c.expected);
    const Method ran = convolver.run(image.view(), {kernel.view()}, spec, outputs);
    REQUIRE(outputs.size() == 1);
    INFO("output " << outputs[0].height << "x" << outputs[0].width << ", expected "
                   << expected.height << "x" << expected.width << ", ran " << to_string(ran));
    const double error = golden::max_abs_error(outputs[0], expected);
    INFO("max abs error " << error << ", tolerance " << c.tolerance);
    CHECK(error <= c.tolerance);
    if (method != Method::auto_) CHECK(ran == method);
  }
  CHECK(error_cases > 0);
}

}  // namespace

TEST_CASE("golden: direct agrees with SciPy on every case") { check_all_cases(Method::direct); }

TEST_CASE("golden: auto agrees with SciPy on every case") { check_all_cases(Method::auto_); }

TEST_CASE("golden: im2col, fft and fft_kiss agree with SciPy on every case") {
  check_all_cases(GENERATE(Method::im2col, Method::fft, Method::fft_kiss));
}
