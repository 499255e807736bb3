// The CNN stages around a convolution, from the notebook's course: ReLU, pooling and
// multi-channel kernels (K x K x C, summed over channels).
#pragma once

#include <string>
#include <vector>

#include "convscope/convolve.hpp"
#include "convscope/filters.hpp"
#include "convscope/plane.hpp"
#include "convscope/spec.hpp"

namespace convscope {

// max(v, 0): a CNN keeps only the positive evidence of a feature. Throws RangeError naming the
// first NaN or infinity (the engine's policy: non-finite data is rejected at the edge).
Plane relu(const PlaneView& map);
void relu_inplace(Plane& map);

enum class PoolMode { max, mean };

// Windows of size at each stride step over the map padded by pad (each side < size, so every
// window holds at least one map cell). Padded cells are not values: max ignores them and mean
// divides by the number of map cells in the window (PyTorch's -inf padding for max pooling and
// count_include_pad=False for average pooling; the notebook's NaN-padded np.nanmax / np.nanmean).
struct PoolSpec {
  Pair size{2, 2};
  Pair stride{2, 2};
  Padding pad;
  PoolMode mode = PoolMode::max;
};

// map: H x W, finite. Output: output_axis(H, size.y, stride.y, 1, pad.top, pad.bottom).out rows
// x the same for columns (output_size.hpp). Throws RangeError naming the value and its limit
// (size in [1, kMaxKernelSide], stride in [1, kMaxStride], pad in [0, size - 1]) or the sizes
// when the output would be empty.
Plane pool(const PlaneView& map, const PoolSpec& spec);

// "max" / "mean"; unknown names throw TypeError listing the known ones.
PoolMode parse_pool_mode(const std::string& name);
const char* to_string(PoolMode mode);

// Limit on channels of a multi-channel image or kernel.
constexpr int kMaxChannels = 64;

// One multi-channel convolution: out = sum over c of conv2d(channels[c], kernel_channels[c], spec)
// (a CNN layer's output for one filter). channels: C planes, all H x W; kernel_channels: C planes,
// all kh x kw. Throws RangeError/TypeError (mismatched counts or sizes, C outside
// [1, kMaxChannels], non-finite values, a bad spec) before any work.
Plane conv2d_multichannel(const std::vector<PlaneView>& channels,
                          const std::vector<PlaneView>& kernel_channels, const ConvSpec& spec);

// The bank version the live path uses: kernels[n] holds filter n's C channel planes;
// outputs[n] = sum over c of conv2d(channels[c], kernels[n][c], spec). Runs the Convolver once per
// channel on the whole bank; outputs and scratch are resized with their allocations reused.
// Returns the method channel 0 ran (every channel has the same sizes, so auto picks alike unless
// the channels' kernels differ in separability). Throws as conv2d_multichannel, before touching
// outputs.
Method conv2d_multichannel_bank(Convolver& convolver, const std::vector<PlaneView>& channels,
                                const std::vector<std::vector<PlaneView>>& kernels,
                                const ConvSpec& spec, std::vector<Plane>& outputs,
                                std::vector<Plane>& scratch);

// A K x K x C kernel as C planes, the notebook's load_sample_filters(channel=C): each preset
// repeated on every channel (its expand_channels), so on a grey image (R = G = B) it gives C times
// the single-channel response.
struct MultiChannelFilter {
  std::string name;
  std::string description;
  std::vector<Plane> kernel_channels;  // C planes, all K x K
};

// Every preset of filter_bank(params), each repeated on channels channels (1..kMaxChannels).
std::vector<MultiChannelFilter> filter_bank(const FilterParams& params, int channels);

}  // namespace convscope
