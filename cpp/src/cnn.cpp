// ReLU, pooling and multi-channel convolution over the engine's Convolver.
#include "convscope/cnn.hpp"

#include <algorithm>
#include <limits>
#include <string>

#include "checks.hpp"
#include "convscope/errors.hpp"
#include "convscope/output_size.hpp"

namespace convscope {
namespace {

constexpr const char* kPoolModeNames[] = {"max", "mean"};

std::string size_text(int height, int width) {
  return std::to_string(height) + " x " + std::to_string(width);
}

void check_channel_count(std::size_t count, const char* what) {
  if (count < 1 || count > static_cast<std::size_t>(kMaxChannels))
    throw RangeError(std::string(what) + " must hold 1 to " + std::to_string(kMaxChannels) +
                     " channels, got " + std::to_string(count));
}

// Every plane the same size as the first; names the first that is not.
void check_same_size(const std::vector<PlaneView>& planes, const std::string& what) {
  for (std::size_t c = 1; c < planes.size(); ++c) {
    if (planes[c].height != planes[0].height || planes[c].width != planes[0].width)
      throw RangeError(what + " must share one size: channel 0 is " +
                       size_text(planes[0].height, planes[0].width) + ", channel " +
                       std::to_string(c) + " is " + size_text(planes[c].height, planes[c].width));
  }
}

// Everything conv2d_multichannel_bank needs checked before it writes anything.
void check_multichannel(const std::vector<PlaneView>& channels,
                        const std::vector<std::vector<PlaneView>>& kernels, const ConvSpec& spec) {
  check_channel_count(channels.size(), "image");
  check_same_size(channels, "image channels");
  if (kernels.empty() || kernels.size() > static_cast<std::size_t>(kMaxBankSize))
    throw RangeError("kernel bank must hold 1 to " + std::to_string(kMaxBankSize) +
                     " kernels, got " + std::to_string(kernels.size()));
  const PlaneView first = kernels[0].empty() ? PlaneView{} : kernels[0][0];
  for (std::size_t n = 0; n < kernels.size(); ++n) {
    const std::string name = "kernel " + std::to_string(n);
    if (kernels[n].size() != channels.size())
      throw RangeError(name + " must have one channel per image channel (" +
                       std::to_string(channels.size()) + "), got " +
                       std::to_string(kernels[n].size()));
    for (std::size_t c = 0; c < kernels[n].size(); ++c) {
      const PlaneView& k = kernels[n][c];
      if (k.height != first.height || k.width != first.width)
        throw RangeError("kernels must share one size: kernel 0 is " +
                         size_text(first.height, first.width) + ", " + name + " channel " +
                         std::to_string(c) + " is " + size_text(k.height, k.width));
    }
  }
  output_geometry(channels[0].height, channels[0].width, first.height, first.width, spec);
  for (std::size_t c = 0; c < channels.size(); ++c)
    check_finite(channels[c], ("image channel " + std::to_string(c)).c_str());
  for (std::size_t n = 0; n < kernels.size(); ++n)
    for (std::size_t c = 0; c < channels.size(); ++c)
      check_finite(kernels[n][c],
                   ("kernel " + std::to_string(n) + " channel " + std::to_string(c)).c_str());
}

}  // namespace

Plane relu(const PlaneView& map) {
  check_finite(map, "map");
  Plane out(map.height, map.width);
  std::transform(map.data, map.data + map.size(), out.data.begin(),
                 [](float v) { return v > 0.0f ? v : 0.0f; });
  return out;
}

void relu_inplace(Plane& map) {
  check_finite(map.view(), "map");
  for (float& v : map.data) v = v > 0.0f ? v : 0.0f;
}

Plane pool(const PlaneView& map, const PoolSpec& spec) {
  check_range(spec.size.y, 1, kMaxKernelSide, "pool size y");
  check_range(spec.size.x, 1, kMaxKernelSide, "pool size x");
  check_range(spec.stride.y, 1, kMaxStride, "pool stride y");
  check_range(spec.stride.x, 1, kMaxStride, "pool stride x");
  // pad < size keeps at least one map cell in every window (the first and the last included).
  check_range(spec.pad.top, 0, spec.size.y - 1, "pool padding top");
  check_range(spec.pad.bottom, 0, spec.size.y - 1, "pool padding bottom");
  check_range(spec.pad.left, 0, spec.size.x - 1, "pool padding left");
  check_range(spec.pad.right, 0, spec.size.x - 1, "pool padding right");
  if (spec.mode != PoolMode::max && spec.mode != PoolMode::mean)
    throw RangeError("pool mode (enum value) must be in [0, 1], got " +
                     std::to_string(static_cast<int>(spec.mode)));
  check_range(map.height, 1, kMaxImageSide, "map height");
  check_range(map.width, 1, kMaxImageSide, "map width");
  const AxisSize ay =
      output_axis(map.height, spec.size.y, spec.stride.y, 1, spec.pad.top, spec.pad.bottom);
  const AxisSize ax =
      output_axis(map.width, spec.size.x, spec.stride.x, 1, spec.pad.left, spec.pad.right);
  check_finite(map, "map");

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

PoolMode parse_pool_mode(const std::string& name) {
  return parse_name<PoolMode>(name, "pool mode", kPoolModeNames);
}

const char* to_string(PoolMode mode) { return kPoolModeNames[static_cast<int>(mode)]; }

Plane conv2d_multichannel(const std::vector<PlaneView>& channels,
                          const std::vector<PlaneView>& kernel_channels, const ConvSpec& spec) {
  Convolver convolver;
  std::vector<Plane> outputs, scratch;
  conv2d_multichannel_bank(convolver, channels, {kernel_channels}, spec, outputs, scratch);
  return std::move(outputs.front());
}

Method conv2d_multichannel_bank(Convolver& convolver, const std::vector<PlaneView>& channels,
                                const std::vector<std::vector<PlaneView>>& kernels,
                                const ConvSpec& spec, std::vector<Plane>& outputs,
                                std::vector<Plane>& scratch) {
  check_multichannel(channels, kernels, spec);
  std::vector<PlaneView> bank(kernels.size());
  Method method = Method::auto_;
  for (std::size_t c = 0; c < channels.size(); ++c) {
    for (std::size_t n = 0; n < kernels.size(); ++n) bank[n] = kernels[n][c];
    if (c == 0) {
      method = convolver.run(channels[c], bank, spec, outputs);
      continue;
    }
    convolver.run(channels[c], bank, spec, scratch);
    for (std::size_t n = 0; n < kernels.size(); ++n) {
      float* sum = outputs[n].data.data();
      const float* add = scratch[n].data.data();
      for (std::size_t i = 0; i < outputs[n].data.size(); ++i) sum[i] += add[i];
    }
  }
  return method;
}

std::vector<MultiChannelFilter> filter_bank(const FilterParams& params, int channels) {
  check_range(channels, 1, kMaxChannels, "filter channels");
  std::vector<MultiChannelFilter> bank;
  for (Filter& filter : filter_bank(params)) {
    MultiChannelFilter expanded{std::move(filter.name), std::move(filter.description), {}};
    expanded.kernel_channels.assign(channels, filter.kernel);
    bank.push_back(std::move(expanded));
  }
  return bank;
}

}  // namespace convscope
