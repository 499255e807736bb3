#include "convscope/output_size.hpp"

#include <algorithm>
#include <string>

#include "checks.hpp"
#include "convscope/errors.hpp"

namespace convscope {
namespace {

int effective_kernel(int kernel, int dilation) { return dilation * (kernel - 1) + 1; }

}  // namespace

AxisSize output_axis(int in, int kernel, int stride, int dilation, int pad_before, int pad_after) {
  CONVSCOPE_ASSERT(in >= 1 && kernel >= 1 && stride >= 1 && dilation >= 1);
  CONVSCOPE_ASSERT(pad_before >= 0 && pad_after >= 0);
  // 64-bit: in, padding and dilated kernel are each bounded, but their sum is not by int.
  const long long padded = static_cast<long long>(in) + pad_before + pad_after;
  const long long reach = static_cast<long long>(dilation) * (kernel - 1) + 1;
  if (padded < reach) {
    throw RangeError("", "output would be empty: input " + std::to_string(in) + " + padding " +
                             std::to_string(pad_before) + "+" + std::to_string(pad_after) +
                             " is smaller than the dilated kernel " + std::to_string(reach) +
                             " (kernel " + std::to_string(kernel) + ", dilation " +
                             std::to_string(dilation) + ")");
  }
  AxisSize axis;
  axis.in = in;
  axis.kernel = kernel;
  axis.pad_before = pad_before;
  axis.pad_after = pad_after;
  axis.out = static_cast<int>((padded - reach) / stride + 1);
  // The positions no window reaches are the last (padded - reach) % stride of the padded axis;
  // count those that are input pixels, [pad_before, pad_before + in), not padding.
  const long long unreached_from = padded - (padded - reach) % stride;
  const long long input_end = static_cast<long long>(pad_before) + in;
  const long long first_unused = std::max<long long>(unreached_from, pad_before);
  axis.unused = static_cast<int>(std::max<long long>(0, input_end - first_unused));
  return axis;
}

Padding resolve_padding(const ConvSpec& spec, int kernel_h, int kernel_w) {
  const int reach_h = effective_kernel(kernel_h, spec.dilation.y);
  const int reach_w = effective_kernel(kernel_w, spec.dilation.x);
  switch (spec.padding) {
    case PaddingMode::valid:
      return {};
    case PaddingMode::full:
      return {reach_h - 1, reach_h - 1, reach_w - 1, reach_w - 1};
    case PaddingMode::explicit_:
      return spec.pad;
    case PaddingMode::same: {
      const bool conv = spec.op == Operation::convolution;
      const int top = conv ? reach_h / 2 : (reach_h - 1) / 2;
      const int left = conv ? reach_w / 2 : (reach_w - 1) / 2;
      return {top, reach_h - 1 - top, left, reach_w - 1 - left};
    }
  }
  CONVSCOPE_ASSERT(false);  // validate() refuses any other value
  return {};
}

OutputGeometry output_geometry(int image_h, int image_w, int kernel_h, int kernel_w,
                               const ConvSpec& spec) {
  validate(spec);
  check_image_size(image_h, image_w);
  check_kernel_size(kernel_h, kernel_w);
  OutputGeometry geometry;
  geometry.pad = resolve_padding(spec, kernel_h, kernel_w);
  geometry.y = output_axis(image_h, kernel_h, spec.stride.y, spec.dilation.y, geometry.pad.top,
                           geometry.pad.bottom);
  geometry.x = output_axis(image_w, kernel_w, spec.stride.x, spec.dilation.x, geometry.pad.left,
                           geometry.pad.right);
  const long long padded_h =
      static_cast<long long>(image_h) + geometry.pad.top + geometry.pad.bottom;
  const long long padded_w =
      static_cast<long long>(image_w) + geometry.pad.left + geometry.pad.right;
  if (padded_h * padded_w > kMaxPaddedPixels) {
    throw RangeError("padding", "padded image would have " + std::to_string(padded_h * padded_w) +
                                    " pixels (" + std::to_string(padded_h) + " x " +
                                    std::to_string(padded_w) + "), more than the limit " +
                                    std::to_string(kMaxPaddedPixels));
  }
  const long long out_pixels = static_cast<long long>(geometry.y.out) * geometry.x.out;
  if (out_pixels > kMaxImagePixels) {
    throw RangeError("", "output would have " + std::to_string(out_pixels) +
                             " pixels, more than the limit " + std::to_string(kMaxImagePixels));
  }
  return geometry;
}

}  // namespace convscope
