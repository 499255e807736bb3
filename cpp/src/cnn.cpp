// ReLU, pooling and multi-channel convolution over the engine's Convolver.
#include "convscope/cnn.hpp"

#include <algorithm>
#include <limits>
#include <string>

#include "checks.hpp"
#include "convscope/errors.hpp"
#include "convscope/output_size.hpp"
#include "names.hpp"

namespace convscope {
namespace {

// Everything conv2d_multichannel_bank needs checked before it writes anything: the channel counts
// and sizes, then the bank through check_bank, then every value.
CheckedBank check_multichannel(const std::vector<PlaneView>& channels,
                               const std::vector<std::vector<PlaneView>>& kernels,
                               const ConvSpec& spec) {
  check_range(static_cast<long long>(channels.size()), 1, kMaxChannels, "image", "image channels");
  for (std::size_t c = 1; c < channels.size(); ++c) {
    check_same_size(channels[0], "channel 0", channels[c], "channel " + std::to_string(c), "image",
                    "image channels");
  }
  check_bank_size(static_cast<long long>(kernels.size()));
  const PlaneView first = kernels[0].empty() ? PlaneView{} : kernels[0][0];
  for (std::size_t n = 0; n < kernels.size(); ++n) {
    const std::string name = "kernel " + std::to_string(n);
    if (kernels[n].size() != channels.size())
      throw RangeError("kernels", name + " must have one channel per image channel (" +
                                      std::to_string(channels.size()) + "), got " +
                                      std::to_string(kernels[n].size()));
    for (std::size_t c = 0; c < kernels[n].size(); ++c) {
      check_same_size(first, "kernel 0", kernels[n][c], name + " channel " + std::to_string(c),
                      "kernels", "kernels");
    }
  }
  const CheckedBank bank = check_bank({channels[0].height, channels[0].width, first.height,
                                       first.width, static_cast<int>(kernels.size())},
                                      spec);
  for (std::size_t c = 0; c < channels.size(); ++c)
    check_finite(channels[c], "image", "image channel " + std::to_string(c));
  for (std::size_t n = 0; n < kernels.size(); ++n)
    for (std::size_t c = 0; c < channels.size(); ++c)
      check_finite(kernels[n][c], "kernels",
                   "kernel " + std::to_string(n) + " channel " + std::to_string(c));
  return bank;
}

}  // namespace

Plane relu(const PlaneView& map) {
  check_finite(map, "map", "map");
  Plane out(map.height, map.width);
  std::transform(map.data, map.data + map.size(), out.data.begin(),
                 [](float v) { return v > 0.0f ? v : 0.0f; });
  return out;
}

Plane pool(const PlaneView& map, const PoolSpec& spec) {
  check_pair(spec.size, 1, kMaxKernelSide, "pool", "pool size");
  check_stride(spec.stride, "pool", "pool stride");
  // pad < size keeps at least one map cell in every window (the first and the last included).
  check_range(spec.pad.top, 0, spec.size.y - 1, "pool", "pool padding top");
  check_range(spec.pad.bottom, 0, spec.size.y - 1, "pool", "pool padding bottom");
  check_range(spec.pad.left, 0, spec.size.x - 1, "pool", "pool padding left");
  check_range(spec.pad.right, 0, spec.size.x - 1, "pool", "pool padding right");
  check_enum(spec.mode);
  check_image_size(map.height, map.width, "map", "map");
  const AxisSize ay =
      output_axis(map.height, spec.size.y, spec.stride.y, 1, spec.pad.top, spec.pad.bottom);
  const AxisSize ax =
      output_axis(map.width, spec.size.x, spec.stride.x, 1, spec.pad.left, spec.pad.right);
  check_finite(map, "map", "map");

  Plane out(ay.out, ax.out);
  for (int i = 0; i < ay.out; ++i) {
    // The window's rows, clipped to the map: padded rows hold no values.
    const int y0 = i * spec.stride.y - spec.pad.top;
    const int y_begin = std::max(y0, 0), y_end = std::min(y0 + spec.size.y, map.height);
    for (int j = 0; j < ax.out; ++j) {
      const int x0 = j * spec.stride.x - spec.pad.left;
      const int x_begin = std::max(x0, 0), x_end = std::min(x0 + spec.size.x, map.width);
      if (spec.mode == PoolMode::max) {
        float best = -std::numeric_limits<float>::infinity();
        for (int y = y_begin; y < y_end; ++y)
          for (int x = x_begin; x < x_end; ++x) best = std::max(best, map.at(y, x));
        out.at(i, j) = best;
      } else {
        double sum = 0;
        for (int y = y_begin; y < y_end; ++y)
          for (int x = x_begin; x < x_end; ++x) sum += map.at(y, x);
        out.at(i, j) = static_cast<float>(sum / ((y_end - y_begin) * (x_end - x_begin)));
      }
    }
  }
  return out;
}

Method conv2d_multichannel_bank(Convolver& convolver, const std::vector<PlaneView>& channels,
                                const std::vector<std::vector<PlaneView>>& kernels,
                                const ConvSpec& spec, std::vector<Plane>& outputs,
                                std::vector<Plane>& scratch) {
  const CheckedBank checked = check_multichannel(channels, kernels, spec);
  std::vector<PlaneView> bank(kernels.size());
  Method method = Method::auto_;
  for (std::size_t c = 0; c < channels.size(); ++c) {
    for (std::size_t n = 0; n < kernels.size(); ++n) bank[n] = kernels[n][c];
    if (c == 0) {
      method = convolver.run(checked, channels[c], bank, outputs);
      continue;
    }
    convolver.run(checked, channels[c], bank, scratch);
    for (std::size_t n = 0; n < kernels.size(); ++n) {
      float* sum = outputs[n].data.data();
      const float* add = scratch[n].data.data();
      for (std::size_t i = 0; i < outputs[n].data.size(); ++i) sum[i] += add[i];
    }
  }
  return method;
}

}  // namespace convscope
