// Internal: the rules checked at the engine's edge, each written once with one wording. Every
// error names the value, the limit and the argument at fault (errors.hpp); code below the edge
// asserts what these guarantee instead of checking it again.
#pragma once

#include <cassert>
#include <string>

#include "convscope/errors.hpp"
#include "convscope/plane.hpp"
#include "convscope/spec.hpp"

namespace convscope {

// "stride y must be in [1, 4096], got 0", as RangeError(argument, ...).
void check_range(long long value, long long lo, long long hi, const char* argument,
                 const std::string& what);

// Both axes of a pair: "<what> y ..." then "<what> x ...".
void check_pair(Pair pair, int lo, int hi, const char* argument, const std::string& what);

// An image (or a map, named by what) of height x width: each side in [1, kMaxImageSide] and at
// most kMaxImagePixels pixels.
void check_image_size(int height, int width, const char* argument = "image",
                      const std::string& what = "image");

// A kernel of height x width: each side in [1, kMaxKernelSide].
void check_kernel_size(int height, int width);

// A bank of count kernels: 1 to kMaxBankSize ("kernels must hold 1 to 256 kernels, got 0").
void check_bank_size(long long count);

// other the size of first: "<what> must share one size: kernel 0 is 3 x 3, kernel 1 is 2 x 2".
void check_same_size(const PlaneView& first, const std::string& first_name, const PlaneView& other,
                     const std::string& other_name, const char* argument, const std::string& what);

// stride in [1, kMaxStride] and dilation in [1, kMaxDilation] on both axes.
void check_stride(Pair stride, const char* argument = "stride", const std::string& what = "stride");
void check_dilation(Pair dilation);

// Every value finite: RangeError naming the first NaN or infinity and its position
// ("kernel 1 must hold finite values, has NaN at (0, 0)").
void check_finite(const PlaneView& plane, const char* argument, const std::string& what);

// The debug-build check of what the edge guarantees: code below the edge states its assumptions
// with it rather than re-validating.
#define CONVSCOPE_ASSERT(condition) assert(condition)

}  // namespace convscope
