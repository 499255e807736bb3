// Internal: four lanes in one SIMD register, as GCC (12 and later) and Clang, so Emscripten,
// spell it portably: a vector extension, not a target intrinsic. g++ emits SSE for it, em++
// -msimd128 wasm v128, and either compiler splits it into scalars on a target without SIMD.
// Arithmetic with a scalar applies it to every lane. Loads and stores go through memcpy: no
// alignment or aliasing assumed, one instruction each.
#pragma once

#include <cstdint>
#include <cstring>

namespace convscope {

typedef float Vec4 __attribute__((vector_size(16)));
typedef std::int32_t Int4 __attribute__((vector_size(16)));
constexpr int kVec = 4;  // lanes

inline Vec4 load4(const float* p) {
  Vec4 v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

inline void store4(float* p, Vec4 v) { std::memcpy(p, &v, sizeof v); }

// Transposes the 4 x 4 block whose rows are a, b, c, d: afterwards a holds the old column 0
// (a0 b0 c0 d0), b column 1, and so on.
inline void transpose4(Vec4& a, Vec4& b, Vec4& c, Vec4& d) {
  const Vec4 ab_lo = __builtin_shufflevector(a, b, 0, 4, 1, 5);  // a0 b0 a1 b1
  const Vec4 ab_hi = __builtin_shufflevector(a, b, 2, 6, 3, 7);  // a2 b2 a3 b3
  const Vec4 cd_lo = __builtin_shufflevector(c, d, 0, 4, 1, 5);
  const Vec4 cd_hi = __builtin_shufflevector(c, d, 2, 6, 3, 7);
  a = __builtin_shufflevector(ab_lo, cd_lo, 0, 1, 4, 5);
  b = __builtin_shufflevector(ab_lo, cd_lo, 2, 3, 6, 7);
  c = __builtin_shufflevector(ab_hi, cd_hi, 0, 1, 4, 5);
  d = __builtin_shufflevector(ab_hi, cd_hi, 2, 3, 6, 7);
}

}  // namespace convscope
