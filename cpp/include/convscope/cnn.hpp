// The CNN stages around a convolution, from the notebook's course: ReLU, pooling and
// multi-channel kernels (K x K x C, summed over channels).
#pragma once

#include <string>
#include <vector>

#include "convscope/convolve.hpp"
#include "convscope/plane.hpp"
#include "convscope/spec.hpp"

namespace convscope {

// max(v, 0): a CNN keeps only the positive evidence of a feature. Throws RangeError naming the
// first NaN or infinity (the engine's policy: non-finite data is rejected at the edge).
Plane relu(const PlaneView& map);

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

// A CNN layer's convolution: kernels[n] holds filter n's C channel planes, all kh x kw, and
// outputs[n] = sum over c of conv2d(channels[c], kernels[n][c], spec) (`convscope conv` with a
// 4-D kernel file). channels: C planes, all H x W, C in [1, kMaxChannels]. The bank is checked once
// (check_bank) and the Convolver runs it once per channel; outputs and scratch are resized with
// their allocations reused. Returns the method channel 0 ran (every channel has the same sizes,
// so auto picks alike unless the channels' kernels differ in separability). Throws
// RangeError/TypeError (mismatched counts or sizes, non-finite values, a bad spec) before
// touching outputs.
Method conv2d_multichannel_bank(Convolver& convolver, const std::vector<PlaneView>& channels,
                                const std::vector<std::vector<PlaneView>>& kernels,
                                const ConvSpec& spec, std::vector<Plane>& outputs,
                                std::vector<Plane>& scratch);

}  // namespace convscope
