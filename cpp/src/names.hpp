// Internal: turning the names the CLI and the JS API spell into enums, one way for every enum.
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

}  // namespace convscope
