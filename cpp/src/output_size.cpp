#include "convscope/output_size.hpp"

#include <string>

#include "convscope/errors.hpp"

namespace convscope {
namespace {

void check_side(int value, int limit, const char* what) {
  if (value < 1 || value > limit) {
    throw RangeError(std::string(what) + " must be in [1, " + std::to_string(limit) + "], got " +
                     std::to_string(value));
  }
}

int effective_kernel(int kernel, int dilation) { return dilation * (kernel - 1) + 1; }

}  // namespace

AxisSize output_axis(int in, int kernel, int stride, int dilation, int pad_before, int pad_after) {
  if (stride < 1) throw RangeError("stride must be >= 1, got " + std::to_string(stride));
  if (dilation < 1) throw RangeError("dilation must be >= 1, got " + std::to_string(dilation));
  if (pad_before < 0 || pad_after < 0) {
    throw RangeError("padding must be >= 0, got " + std::to_string(pad_before) + " and " +
                     std::to_string(pad_after));
  }
  // 64-bit: in, padding and dilated kernel are each bounded, but their sum is not by int.
  const long long padded = static_cast<long long>(in) + pad_before + pad_after;
  const long long reach = static_cast<long long>(dilation) * (kernel - 1) + 1;
  if (in < 1 || kernel < 1 || padded < reach) {
    throw RangeError("output would be empty: input " + std::to_string(in) + " + padding " +
                     std::to_string(pad_before) + "+" + std::to_string(pad_after) +
                     " is smaller than the dilated kernel " + std::to_string(reach) + " (kernel " +
                     std::to_string(kernel) + ", dilation " + std::to_string(dilation) + ")");
  }
  AxisSize axis;
  axis.in = in;
  axis.kernel = kernel;
  axis.pad_before = pad_before;
  axis.pad_after = pad_after;
  axis.out = static_cast<int>((padded - reach) / stride + 1);
  axis.unused = static_cast<int>((padded - reach) % stride);
  // Unused positions of the padded axis lie at its far end; count only real input pixels.
  if (axis.unused > 0) {
    const long long unused_input = axis.unused - pad_after;
    axis.unused = unused_input > 0 ? static_cast<int>(unused_input) : 0;
  }
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
  throw RangeError("padding mode (enum value) out of range: " +
                   std::to_string(static_cast<int>(spec.padding)));
}

OutputGeometry output_geometry(int image_h, int image_w, int kernel_h, int kernel_w,
                               const ConvSpec& spec) {
  validate(spec);
  check_side(image_h, kMaxImageSide, "image height");
  check_side(image_w, kMaxImageSide, "image width");
  if (static_cast<long long>(image_h) * image_w > kMaxImagePixels) {
    throw RangeError("image has " + std::to_string(static_cast<long long>(image_h) * image_w) +
                     " pixels (" + std::to_string(image_h) + " x " + std::to_string(image_w) +
                     "), more than the limit " + std::to_string(kMaxImagePixels));
  }
  check_side(kernel_h, kMaxKernelSide, "kernel height");
  check_side(kernel_w, kMaxKernelSide, "kernel width");
  OutputGeometry geometry;
  geometry.pad = resolve_padding(spec, kernel_h, kernel_w);
  geometry.y = output_axis(image_h, kernel_h, spec.stride.y, spec.dilation.y, geometry.pad.top,
                           geometry.pad.bottom);
  geometry.x = output_axis(image_w, kernel_w, spec.stride.x, spec.dilation.x, geometry.pad.left,
                           geometry.pad.right);
  if (static_cast<long long>(geometry.y.out) * geometry.x.out > kMaxImagePixels) {
    throw RangeError("output would have " +
                     std::to_string(static_cast<long long>(geometry.y.out) * geometry.x.out) +
                     " pixels, more than the limit " + std::to_string(kMaxImagePixels));
  }
  return geometry;
}

}  // namespace convscope
