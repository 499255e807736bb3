// The catalog the binding exports: every name it lists is one the engine parses back to the value
// it spells, and every limit is the engine's own constant.
#include <catch2/catch.hpp>
#include <functional>
#include <map>
#include <string>

#include "convscope/catalog.hpp"
#include "convscope/cnn.hpp"
#include "convscope/filters.hpp"
#include "convscope/render.hpp"
#include "convscope/spec.hpp"

using namespace convscope;

namespace {

// Parses a name and spells the value it gave: a list's round trip.
template <typename Enum>
std::function<std::string(const std::string&)> round_trip(Enum (*parse)(const std::string&)) {
  return [parse](const std::string& name) { return std::string(to_string(parse(name))); };
}

// Parses a name and gives the value's position in its enum.
template <typename Enum>
std::function<int(const std::string&)> index_of(Enum (*parse)(const std::string&)) {
  return [parse](const std::string& name) { return static_cast<int>(parse(name)); };
}

}  // namespace

TEST_CASE("catalog: every listed name parses to the enum value at its position and spells back") {
  const std::map<std::string, std::function<std::string(const std::string&)>> spell = {
      {"padding", round_trip(parse_padding_mode)}, {"border", round_trip(parse_border_mode)},
      {"op", round_trip(parse_operation)},         {"method", round_trip(parse_method)},
      {"colormap", round_trip(parse_colormap)},    {"negative", round_trip(parse_negative_mode)},
      {"range", round_trip(parse_range_mode)},     {"pool", round_trip(parse_pool_mode)},
  };
  const std::map<std::string, std::function<int(const std::string&)>> position = {
      {"padding", index_of(parse_padding_mode)}, {"border", index_of(parse_border_mode)},
      {"op", index_of(parse_operation)},         {"method", index_of(parse_method)},
      {"colormap", index_of(parse_colormap)},    {"negative", index_of(parse_negative_mode)},
      {"range", index_of(parse_range_mode)},     {"pool", index_of(parse_pool_mode)},
  };
  std::map<std::string, int> seen;
  for (const NameList& list : name_lists()) {
    INFO(list.what);
    ++seen[list.what];
    REQUIRE_FALSE(list.names.empty());
    if (list.what == "filter") {
      CHECK(list.names == filter_names());
      for (const std::string& name : list.names) CHECK(make_filter(name, {}).name == name);
      continue;
    }
    REQUIRE(spell.count(list.what) == 1);
    for (std::size_t i = 0; i < list.names.size(); ++i) {
      INFO(list.names[i]);
      CHECK(position.at(list.what)(list.names[i]) == static_cast<int>(i));
      CHECK(spell.at(list.what)(list.names[i]) == list.names[i]);
    }
  }
  CHECK(seen == std::map<std::string, int>{{"padding", 1},
                                           {"border", 1},
                                           {"op", 1},
                                           {"method", 1},
                                           {"colormap", 1},
                                           {"negative", 1},
                                           {"range", 1},
                                           {"pool", 1},
                                           {"filter", 1}});
}

TEST_CASE("catalog: the lists hold every value the headers declare, as the JS API spells them") {
  std::map<std::string, std::vector<std::string>> lists;
  for (const NameList& list : name_lists()) lists[list.what] = list.names;
  CHECK(lists["padding"] == std::vector<std::string>{"valid", "same", "full", "explicit"});
  CHECK(lists["border"] ==
        std::vector<std::string>{"zero", "constant", "replicate", "reflect", "mirror", "wrap"});
  CHECK(lists["method"] ==
        std::vector<std::string>{"auto", "direct", "im2col", "fft", "separable", "fft_kiss"});
  CHECK(lists["colormap"] ==
        std::vector<std::string>{"gray", "gray_r", "viridis", "magma", "RdBu"});
  // The last value of each enum is in its list (a value added after it would fail here).
  CHECK(lists["op"].back() == to_string(Operation::convolution));
  CHECK(lists["negative"].back() == to_string(NegativeMode::diverging));
  CHECK(lists["range"].back() == to_string(RangeMode::fixed));
  CHECK(lists["pool"].back() == to_string(PoolMode::mean));
}

TEST_CASE("catalog: every limit is the engine's constant") {
  std::map<std::string, double> values;
  for (const Limit& limit : limits()) {
    INFO(limit.name);
    CHECK(values.count(limit.name) == 0);
    values[limit.name] = limit.value;
  }
  CHECK(values.size() == 16);
  CHECK(kMaxImageSide == values.at("maxImageSide"));
  CHECK(kMaxImagePixels == values.at("maxImagePixels"));
  CHECK(kMaxKernelSide == values.at("maxKernelSide"));
  CHECK(kMaxStride == values.at("maxStride"));
  CHECK(kMaxDilation == values.at("maxDilation"));
  CHECK(kMaxPadding == values.at("maxPadding"));
  CHECK(kMaxBankSize == values.at("maxBankSize"));
  CHECK(kMaxPaddedPixels == values.at("maxPaddedPixels"));
  CHECK(kMaxBankOutputValues == values.at("maxBankOutputValues"));
  CHECK(kMaxFilterSize == values.at("maxFilterSize"));
  CHECK(kMaxChannels == values.at("maxChannels"));
  CHECK(kMinSigma == values.at("minSigma"));
  CHECK(kMaxSigma == values.at("maxSigma"));
  CHECK(kMaxTheta == values.at("maxTheta"));
  CHECK(kMinWavelength == values.at("minWavelength"));
  CHECK(kMaxWavelength == values.at("maxWavelength"));
  // The documented numbers (README, spec.hpp), so a changed constant is a deliberate edit.
  CHECK(values["maxImageSide"] == 16384);
  CHECK(values["maxKernelSide"] == 255);
  CHECK(values["maxBankSize"] == 256);
}
