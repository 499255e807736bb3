// Internal: the checks at the engine's edge, written once: names to enums, numbers in range.
#pragma once

#include <cstddef>
#include <string>

#include "convscope/errors.hpp"

namespace convscope {

// names[i] spells the enum value i (declaration order). An unknown name throws TypeError listing
// the known ones: "border must be one of 'zero', 'constant', ..., got 'foo'".
template <typename Enum, std::size_t N>
Enum parse_name(const std::string& name, const char* what, const char* const (&names)[N]) {
  std::string known;
  for (std::size_t i = 0; i < N; ++i) {
    if (name == names[i]) return static_cast<Enum>(i);
    known += (i ? ", " : "") + std::string("'") + names[i] + "'";
  }
  throw TypeError(std::string(what) + " must be one of " + known + ", got '" + name + "'");
}

// Throws RangeError "stride y must be in [1, 4096], got 0".
inline void check_range(long long value, long long lo, long long hi, const char* what) {
  if (value < lo || value > hi) {
    throw RangeError(std::string(what) + " must be in [" + std::to_string(lo) + ", " +
                     std::to_string(hi) + "], got " + std::to_string(value));
  }
}

}  // namespace convscope
