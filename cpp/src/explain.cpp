#include "convscope/explain.hpp"

#include "checks.hpp"
#include "convscope/borders.hpp"
#include "convscope/convolve.hpp"

namespace convscope {
namespace {

// The input position of each tap along one axis, and the image pixel it reads.
void axis_taps(int out, int taps, int stride, int dilation, int pad_before, int n,
               BorderMode border, std::vector<int>& positions, std::vector<int>& sources) {
  positions.resize(taps);
  sources.resize(taps);
  for (int k = 0; k < taps; ++k) {
    positions[k] = out * stride + k * dilation - pad_before;
    sources[k] = border_index(positions[k], n, border);
  }
}

}  // namespace

Explanation explain(const PlaneView& image, const PlaneView& kernel, const ConvSpec& spec, int y,
                    int x) {
  const CheckedBank bank =
      check_bank({image.height, image.width, kernel.height, kernel.width, 1}, spec);
  check_range(y, 0, bank.geometry.height() - 1, "at", "at y");
  check_range(x, 0, bank.geometry.width() - 1, "at", "at x");
  check_finite(image, "image", "image");
  check_finite(kernel, "kernels", "kernel");

  Explanation e;
  e.geometry = bank.geometry;
  e.y = y;
  e.x = x;
  const int kh = kernel.height, kw = kernel.width;
  axis_taps(y, kh, spec.stride.y, spec.dilation.y, bank.geometry.pad.top, image.height, spec.border,
            e.rows, e.source_rows);
  axis_taps(x, kw, spec.stride.x, spec.dilation.x, bank.geometry.pad.left, image.width, spec.border,
            e.cols, e.source_cols);
  const float fill = spec.border == BorderMode::constant ? spec.border_value : 0.0f;
  const bool flip = spec.op == Operation::convolution;

  e.written = Plane(kh, kw, std::vector<float>(kernel.data, kernel.data + kernel.size()));
  e.applied.resize(kh, kw);
  e.window.resize(kh, kw);
  e.products.resize(kh, kw);
  e.padding.assign(static_cast<std::size_t>(kh) * kw, 0);
  double sum = 0.0;
  for (int k = 0; k < kh; ++k) {
    for (int l = 0; l < kw; ++l) {
      const int sy = e.source_rows[k], sx = e.source_cols[l];
      const float value = sy < 0 || sx < 0 ? fill : image.at(sy, sx);
      const float weight = flip ? kernel.at(kh - 1 - k, kw - 1 - l) : kernel.at(k, l);
      e.window.at(k, l) = value;
      e.applied.at(k, l) = weight;
      e.products.at(k, l) = value * weight;
      e.padding[static_cast<std::size_t>(k) * kw + l] =
          e.rows[k] < 0 || e.rows[k] >= image.height || e.cols[l] < 0 || e.cols[l] >= image.width;
      sum += static_cast<double>(value) * weight;
    }
  }
  e.sum = static_cast<float>(sum);
  return e;
}

}  // namespace convscope
