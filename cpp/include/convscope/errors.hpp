// Errors the engine throws. Every check happens once, at the edge of the engine, and the message
// names the value and the limit ("stride must be >= 1, got 0"). The binding turns RangeError into a
// JS RangeError and TypeError into a JS TypeError.
#pragma once

#include <stdexcept>
#include <string>

namespace convscope {

// A value of the right kind but outside what is allowed: a size, a stride, NaN in the data.
struct RangeError : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

// A value of the wrong kind: an unknown name, a malformed file.
struct TypeError : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

}  // namespace convscope
