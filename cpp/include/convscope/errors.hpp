// Errors the engine throws. Every check happens once, at the edge of the engine, and the message
// names the value and the limit ("stride must be >= 1, got 0"). Each error also carries the name
// of the argument at fault, as the JS API spells it ("stride", "kernels", "image", "border", ...;
// empty when no single argument is to blame), so the page can show the message beside the control
// that set it. The binding turns RangeError into a JS RangeError and TypeError into a JS TypeError,
// with the argument name on the error object.
#pragma once

#include <stdexcept>
#include <string>
#include <utility>

namespace convscope {

// Base of the engine's own errors: the message, and the argument it is about.
class ArgumentError : public std::invalid_argument {
 public:
  ArgumentError(std::string argument, const std::string& message)
      : std::invalid_argument(message), argument_(std::move(argument)) {}
  const std::string& argument() const { return argument_; }

 private:
  std::string argument_;
};

// A value of the right kind but outside what is allowed: a size, a stride, NaN in the data.
struct RangeError : ArgumentError {
  using ArgumentError::ArgumentError;
};

// A value of the wrong kind: an unknown name, a malformed file.
struct TypeError : ArgumentError {
  using ArgumentError::ArgumentError;
};

}  // namespace convscope
