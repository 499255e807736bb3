#include "convscope/spec.hpp"

#include <cmath>
#include <string>

#include "checks.hpp"
#include "convscope/errors.hpp"

namespace convscope {
namespace {

// Indexed by the enums' values, in declaration order.
constexpr const char* kPaddingNames[] = {"valid", "same", "full", "explicit"};
constexpr const char* kBorderNames[] = {"zero",    "constant", "replicate",
                                        "reflect", "mirror",   "wrap"};
constexpr const char* kOperationNames[] = {"correlation", "convolution"};
constexpr const char* kMethodNames[] = {"auto", "direct", "im2col", "fft", "separable"};

}  // namespace

PaddingMode parse_padding_mode(const std::string& name) {
  return parse_name<PaddingMode>(name, "padding", kPaddingNames);
}
BorderMode parse_border_mode(const std::string& name) {
  return parse_name<BorderMode>(name, "border", kBorderNames);
}
Operation parse_operation(const std::string& name) {
  return parse_name<Operation>(name, "op", kOperationNames);
}
Method parse_method(const std::string& name) {
  return parse_name<Method>(name, "method", kMethodNames);
}

const char* to_string(PaddingMode mode) { return kPaddingNames[static_cast<int>(mode)]; }
const char* to_string(BorderMode mode) { return kBorderNames[static_cast<int>(mode)]; }
const char* to_string(Operation op) { return kOperationNames[static_cast<int>(op)]; }
const char* to_string(Method method) { return kMethodNames[static_cast<int>(method)]; }

void validate(const ConvSpec& spec) {
  check_range(spec.stride.y, 1, kMaxStride, "stride y");
  check_range(spec.stride.x, 1, kMaxStride, "stride x");
  check_range(spec.dilation.y, 1, kMaxDilation, "dilation y");
  check_range(spec.dilation.x, 1, kMaxDilation, "dilation x");
  if (spec.padding == PaddingMode::explicit_) {
    check_range(spec.pad.top, 0, kMaxPadding, "padding top");
    check_range(spec.pad.bottom, 0, kMaxPadding, "padding bottom");
    check_range(spec.pad.left, 0, kMaxPadding, "padding left");
    check_range(spec.pad.right, 0, kMaxPadding, "padding right");
  }
  if (!std::isfinite(spec.border_value)) {
    throw RangeError("border value must be finite, got " + std::to_string(spec.border_value));
  }
  const int padding = static_cast<int>(spec.padding), border = static_cast<int>(spec.border);
  const int op = static_cast<int>(spec.op), method = static_cast<int>(spec.method);
  check_range(padding, 0, 3, "padding mode (enum value)");
  check_range(border, 0, 5, "border mode (enum value)");
  check_range(op, 0, 1, "op (enum value)");
  check_range(method, 0, 4, "method (enum value)");
}

}  // namespace convscope
