#include "convscope/spec.hpp"

#include <cmath>
#include <string>

#include "checks.hpp"
#include "names.hpp"

namespace convscope {

void validate(const ConvSpec& spec) {
  check_stride(spec.stride);
  check_dilation(spec.dilation);
  check_enum(spec.padding);
  if (spec.padding == PaddingMode::explicit_) {
    check_range(spec.pad.top, 0, kMaxPadding, "padding", "padding top");
    check_range(spec.pad.bottom, 0, kMaxPadding, "padding", "padding bottom");
    check_range(spec.pad.left, 0, kMaxPadding, "padding", "padding left");
    check_range(spec.pad.right, 0, kMaxPadding, "padding", "padding right");
  }
  check_enum(spec.border);
  if (!std::isfinite(spec.border_value)) {
    throw RangeError("borderValue",
                     "border value must be finite, got " + std::to_string(spec.border_value));
  }
  check_enum(spec.op);
  check_enum(spec.method);
}

}  // namespace convscope
