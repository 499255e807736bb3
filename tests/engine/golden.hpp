// The SciPy golden data (tests/golden/README.md) for the Catch2 tests: .npy files as planes and
// the conv manifest as ConvSpecs, and a matcher for error messages.
#pragma once

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "convscope/errors.hpp"
#include "convscope/npy.hpp"
#include "convscope/plane.hpp"
#include "convscope/spec.hpp"

namespace convscope {
namespace golden {

// CONVSCOPE_GOLDEN_DIR (set by CMake) is tests/golden/data.
inline std::string data_path(const std::string& relative) {
  return std::string(CONVSCOPE_GOLDEN_DIR) + "/" + relative;
}

// A 2-D .npy file under tests/golden/data as a plane.
inline Plane load_plane(const std::string& relative) {
  NpyArray array = read_npy(data_path(relative));
  if (array.shape.size() != 2) throw std::runtime_error(relative + " is not 2-D");
  return Plane(array.shape[0], array.shape[1], std::move(array.data));
}

// One line of data/conv/manifest.txt. Paths are relative to the data root.
struct ConvCase {
  std::string name;
  std::string image;
  std::string kernel;
  std::string expected;  // empty for an error case
  ConvSpec spec;
  double tolerance = 0;
  std::string error;  // "RangeError" for an error case, else empty
  std::string line;   // the manifest line, for failure messages
};

inline std::vector<int> parse_ints(const std::string& text) {
  std::vector<int> values;
  std::stringstream in(text);
  for (std::string item; std::getline(in, item, ',');) values.push_back(std::stoi(item));
  return values;
}

inline Pair parse_pair(const std::string& text) {
  const std::vector<int> v = parse_ints(text);
  if (v.size() != 2) throw std::runtime_error("expected y,x, got '" + text + "'");
  return {v[0], v[1]};
}

inline ConvCase parse_case(const std::string& line) {
  ConvCase c;
  c.line = line;
  std::istringstream fields(line);
  for (std::string field; fields >> field;) {
    const std::size_t eq = field.find('=');
    if (eq == std::string::npos) throw std::runtime_error("no '=' in field '" + field + "'");
    const std::string key = field.substr(0, eq), value = field.substr(eq + 1);
    if (key == "name") {
      c.name = value;
    } else if (key == "image") {
      c.image = "conv/" + value;
    } else if (key == "kernel") {
      c.kernel = "conv/" + value;
    } else if (key == "padding") {
      if (value.find(',') == std::string::npos) {
        c.spec.padding = parse_padding_mode(value);
      } else {
        const std::vector<int> p = parse_ints(value);
        if (p.size() != 4) throw std::runtime_error("expected t,b,l,r, got '" + value + "'");
        c.spec.padding = PaddingMode::explicit_;
        c.spec.pad = {p[0], p[1], p[2], p[3]};
      }
    } else if (key == "border") {
      c.spec.border = parse_border_mode(value);
    } else if (key == "border_value") {
      c.spec.border_value = std::stof(value);
    } else if (key == "stride") {
      c.spec.stride = parse_pair(value);
    } else if (key == "dilation") {
      c.spec.dilation = parse_pair(value);
    } else if (key == "op") {
      c.spec.op = parse_operation(value);
    } else if (key == "expected") {
      if (value != "-") c.expected = "conv/" + value;
    } else if (key == "tolerance") {
      c.tolerance = std::stod(value);
    } else if (key == "error") {
      if (value != "-") c.error = value;
    } else {
      throw std::runtime_error("unknown manifest key '" + key + "'");
    }
  }
  if (c.name.empty() || c.image.empty() || c.kernel.empty() ||
      c.expected.empty() == c.error.empty()) {
    throw std::runtime_error("incomplete manifest line: " + line);
  }
  return c;
}

// Every case of data/conv/manifest.txt, in file order.
inline std::vector<ConvCase> load_conv_cases() {
  const std::string path = data_path("conv/manifest.txt");
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::vector<ConvCase> cases;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line[0] != '#') cases.push_back(parse_case(line));
  }
  return cases;
}

inline ConvCase find_conv_case(const std::string& name) {
  for (const ConvCase& c : load_conv_cases()) {
    if (c.name == name) return c;
  }
  throw std::runtime_error("no golden case named " + name);
}

// Largest |a - b| over two planes of the same shape; infinity when the shapes differ or a value
// is NaN, so either always fails a tolerance check.
inline double max_abs_error(const Plane& a, const Plane& b) {
  if (a.height != b.height || a.width != b.width) return INFINITY;
  double worst = 0;
  for (std::size_t i = 0; i < a.data.size(); ++i) {
    const double error = std::fabs(static_cast<double>(a.data[i]) - b.data[i]);
    if (std::isnan(error)) return INFINITY;
    worst = std::max(worst, error);
  }
  return worst;
}

// Matches an exception whose message contains part; with REQUIRE_THROWS_MATCHES(expr, Type,
// MessageContains("...")) one assertion checks both the type and the message.
class MessageContains : public Catch::MatcherBase<std::exception> {
 public:
  explicit MessageContains(std::string part) : part_(std::move(part)) {}
  bool match(const std::exception& e) const override {
    return std::string(e.what()).find(part_) != std::string::npos;
  }
  std::string describe() const override { return "has a message containing \"" + part_ + "\""; }

 private:
  std::string part_;
};

// The argument an engine error blames (ArgumentError::argument()), e.g.
// REQUIRE_THROWS_MATCHES(..., RangeError, MessageContains("stride y") && ArgumentIs("stride")).
class ArgumentIs : public Catch::MatcherBase<std::exception> {
 public:
  explicit ArgumentIs(std::string argument) : argument_(std::move(argument)) {}
  bool match(const std::exception& e) const override {
    const auto* error = dynamic_cast<const convscope::ArgumentError*>(&e);
    return error != nullptr && error->argument() == argument_;
  }
  std::string describe() const override { return "blames the argument \"" + argument_ + "\""; }

 private:
  std::string argument_;
};

// The rows of a whitespace-separated manifest under the data root, '#' lines skipped.
inline std::vector<std::vector<std::string>> load_rows(const std::string& relative) {
  std::ifstream in(data_path(relative));
  if (!in) throw std::runtime_error("cannot open " + data_path(relative));
  std::vector<std::vector<std::string>> rows;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    rows.emplace_back();
    for (std::string field; fields >> field;) rows.back().push_back(field);
  }
  return rows;
}

// Plane n of a 3-D (N, H, W) array.
inline Plane slice(const NpyArray& array, int n) {
  if (array.shape.size() != 3) throw std::runtime_error("array is not 3-D");
  const int h = array.shape[1], w = array.shape[2];
  const auto begin = array.data.begin() + static_cast<std::ptrdiff_t>(n) * h * w;
  return Plane(h, w, std::vector<float>(begin, begin + static_cast<std::ptrdiff_t>(h) * w));
}

}  // namespace golden
}  // namespace convscope
