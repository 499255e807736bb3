#include "gemm.hpp"

#include <algorithm>
#include <cstring>

namespace convscope {
namespace {

// Four floats as one value: a GCC/Clang vector extension, not a target intrinsic. g++ emits SSE
// for it, em++ -msimd128 emits wasm v128, and either compiler splits it into scalars on a target
// without SIMD. Plain loops were measured first: g++ 12 vectorized the register tile along the
// wrong axis (11 GFLOP/s against 45 here, m = 4, 2026-11-25).
using Vec4 = float __attribute__((vector_size(16)));

Vec4 load4(const float* p) {
  Vec4 v;
  std::memcpy(&v, p, sizeof v);  // unaligned and alias-safe; compiles to one load
  return v;
}

void store4(float* p, Vec4 v) { std::memcpy(p, &v, sizeof v); }

// Blocking: a kKc x kNc panel of b (256 x 512 floats = 512 KiB) stays in this machine's 1 MiB L2
// per core while every row block of a sweeps over it; a kMr x kKc slice of a (4 KiB) stays in L1.
constexpr int kKc = 256;
constexpr int kNc = 512;
constexpr int kMr = 4;

// A register tile: MR rows of c by 4 * NV columns, summed over kc steps of p. MR * NV
// accumulators: enough independent add chains to hide the adder's latency, few enough to leave
// registers for a row of b and a broadcast of a.
template <int MR, int NV>
void tile(int kc, const float* a, int lda, const float* b, int ldb, float* c, int ldc,
          bool accumulate) {
  Vec4 acc[MR][NV];
  for (int r = 0; r < MR; ++r) {
    for (int v = 0; v < NV; ++v) acc[r][v] = accumulate ? load4(c + r * ldc + 4 * v) : Vec4{};
  }
  for (int p = 0; p < kc; ++p) {
    const float* b_row = b + static_cast<long>(p) * ldb;
    Vec4 b_p[NV];
    for (int v = 0; v < NV; ++v) b_p[v] = load4(b_row + 4 * v);
    for (int r = 0; r < MR; ++r) {
      const float a_rp = a[r * lda + p];
      for (int v = 0; v < NV; ++v) acc[r][v] += a_rp * b_p[v];
    }
  }
  for (int r = 0; r < MR; ++r) {
    for (int v = 0; v < NV; ++v) store4(c + r * ldc + 4 * v, acc[r][v]);
  }
}

// The last columns (fewer than 4), one at a time.
template <int MR>
void edge(int kc, int width, const float* a, int lda, const float* b, int ldb, float* c, int ldc,
          bool accumulate) {
  for (int j = 0; j < width; ++j) {
    for (int r = 0; r < MR; ++r) {
      float sum = accumulate ? c[r * ldc + j] : 0.0f;
      for (int p = 0; p < kc; ++p) sum += a[r * lda + p] * b[static_cast<long>(p) * ldb + j];
      c[r * ldc + j] = sum;
    }
  }
}

// MR rows of c across nc columns of the current panel: wide tiles, then one narrow tile of
// 4 columns at a time, then the scalar edge.
template <int MR>
void row_block(int nc, int kc, const float* a, int lda, const float* b, int ldb, float* c, int ldc,
               bool accumulate) {
  constexpr int kNv = MR == 1 ? 8 : MR == 2 ? 4 : 3;  // 8, 8, 9, 12 accumulators for MR 1..4
  int j = 0;
  for (; j + 4 * kNv <= nc; j += 4 * kNv) {
    tile<MR, kNv>(kc, a, lda, b + j, ldb, c + j, ldc, accumulate);
  }
  for (; j + 4 <= nc; j += 4) tile<MR, 1>(kc, a, lda, b + j, ldb, c + j, ldc, accumulate);
  edge<MR>(kc, nc - j, a, lda, b + j, ldb, c + j, ldc, accumulate);
}

}  // namespace

void gemm(int m, int n, int k, const float* a, int lda, const float* b, int ldb, float* c,
          int ldc) {
  if (k == 0) {
    for (int i = 0; i < m; ++i) {
      float* c_row = c + static_cast<long>(i) * ldc;
      std::fill(c_row, c_row + n, 0.0f);
    }
    return;
  }
  for (int j0 = 0; j0 < n; j0 += kNc) {
    const int nc = std::min(kNc, n - j0);
    for (int p0 = 0; p0 < k; p0 += kKc) {
      const int kc = std::min(kKc, k - p0);
      const float* b_panel = b + static_cast<long>(p0) * ldb + j0;
      const bool accumulate = p0 > 0;
      for (int i0 = 0; i0 < m; i0 += kMr) {
        const float* a_block = a + static_cast<long>(i0) * lda + p0;
        float* c_block = c + static_cast<long>(i0) * ldc + j0;
        switch (std::min(kMr, m - i0)) {
          case 1:
            row_block<1>(nc, kc, a_block, lda, b_panel, ldb, c_block, ldc, accumulate);
            break;
          case 2:
            row_block<2>(nc, kc, a_block, lda, b_panel, ldb, c_block, ldc, accumulate);
            break;
          case 3:
            row_block<3>(nc, kc, a_block, lda, b_panel, ldb, c_block, ldc, accumulate);
            break;
          default:
            row_block<4>(nc, kc, a_block, lda, b_panel, ldb, c_block, ldc, accumulate);
            break;
        }
      }
    }
  }
}

}  // namespace convscope
