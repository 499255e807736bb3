// Internal: every enumeration's spelling, listed once. parse_*, to_string, validate's enum check
// and catalog.cpp's name lists all read these arrays, so the count of an enum's values is the
// length of its array, never a number written by hand.
#pragma once

#include <cassert>
#include <cstddef>
#include <iterator>
#include <string>

#include "convscope/cnn.hpp"
#include "convscope/errors.hpp"
#include "convscope/render.hpp"
#include "convscope/spec.hpp"

namespace convscope {

// EnumNames<E>::names[i] spells the value i of E (declaration order); key is the argument the
// values belong to, as the JS API spells it (also the catalog's key), and what is how messages
// name it.
template <typename Enum>
struct EnumNames;

template <>
struct EnumNames<PaddingMode> {
  static constexpr const char* key = "padding";
  static constexpr const char* what = "padding";
  static constexpr const char* names[] = {"valid", "same", "full", "explicit"};
};
template <>
struct EnumNames<BorderMode> {
  static constexpr const char* key = "border";
  static constexpr const char* what = "border";
  static constexpr const char* names[] = {"zero",    "constant", "replicate",
                                          "reflect", "mirror",   "wrap"};
};
template <>
struct EnumNames<Operation> {
  static constexpr const char* key = "op";
  static constexpr const char* what = "op";
  static constexpr const char* names[] = {"correlation", "convolution"};
};
template <>
struct EnumNames<Method> {
  static constexpr const char* key = "method";
  static constexpr const char* what = "method";
  static constexpr const char* names[] = {"auto", "direct",    "im2col",
                                          "fft",  "separable", "fft_kiss"};
};
template <>
struct EnumNames<Colormap> {
  static constexpr const char* key = "colormap";
  static constexpr const char* what = "colormap";
  static constexpr const char* names[] = {"gray", "gray_r", "viridis", "magma", "RdBu"};
};
template <>
struct EnumNames<NegativeMode> {
  static constexpr const char* key = "negative";
  static constexpr const char* what = "negative";
  static constexpr const char* names[] = {"clip", "abs", "diverging"};
};
template <>
struct EnumNames<RangeMode> {
  static constexpr const char* key = "range";
  static constexpr const char* what = "range";
  static constexpr const char* names[] = {"minmax", "symmetric", "fixed"};
};
template <>
struct EnumNames<PoolMode> {
  static constexpr const char* key = "pool";
  static constexpr const char* what = "pool mode";
  static constexpr const char* names[] = {"max", "mean"};
};

// How many values Enum has.
template <typename Enum>
constexpr int enum_count() {
  return static_cast<int>(std::size(EnumNames<Enum>::names));
}

// An unknown name throws TypeError listing the known ones:
// "border must be one of 'zero', 'constant', ..., got 'foo'".
template <typename Enum>
Enum parse_enum(const std::string& name) {
  using Names = EnumNames<Enum>;
  std::string known;
  for (int i = 0; i < enum_count<Enum>(); ++i) {
    if (name == Names::names[i]) return static_cast<Enum>(i);
    known += (i ? ", '" : "'") + std::string(Names::names[i]) + "'";
  }
  throw TypeError(Names::key,
                  std::string(Names::what) + " must be one of " + known + ", got '" + name + "'");
}

// A value made by a cast from outside the enum throws RangeError
// ("border (enum value) must be in [0, 5], got 9").
template <typename Enum>
void check_enum(Enum value) {
  const int i = static_cast<int>(value);
  if (i < 0 || i >= enum_count<Enum>()) {
    using Names = EnumNames<Enum>;
    throw RangeError(Names::key, std::string(Names::what) + " (enum value) must be in [0, " +
                                     std::to_string(enum_count<Enum>() - 1) + "], got " +
                                     std::to_string(i));
  }
}

template <typename Enum>
const char* enum_name(Enum value) {
  assert(static_cast<int>(value) >= 0 && static_cast<int>(value) < enum_count<Enum>());
  return EnumNames<Enum>::names[static_cast<int>(value)];
}

}  // namespace convscope
