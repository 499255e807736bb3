#include "gemm.hpp"

#include <algorithm>
#include <cstring>

#include "simd.hpp"

namespace convscope {
namespace {

// Register tiles in Vec4 (simd.hpp): as plain loops, g++ 12 vectorizes the register tile along the
// wrong axis (11 GFLOP/s against 45 with Vec4, m = 4, measured 2026-11-25).

// Blocking: a kKc x kNc panel of b (256 x 512 floats = 512 KiB) stays in this machine's 1 MiB L2
// per core while every row block of a sweeps over it; a kMr x kKc slice of a (4 KiB) stays in L1.
constexpr int kKc = 256;
constexpr int kNc = 512;
constexpr int kMr = 4;

// Where rows p0 .. p0 + kc - 1 of a TapRows start (kc <= kKc): rows[p] for row p0 + p. Looked up
// from this table, the tiles' loads need no per-tap arithmetic or branch: in wasm the GEMM is
// 8-20% faster than one walking the rows inside the tile loop (512x512 3x3 0.126 against
// 0.137 ms, 7x7 0.58 against 0.63, bank of 4 7x7 2.01 against 2.41; the notebook's two Sobels at
// 1280x720 3.20 against 3.84 ms; 2026-11-26). Each row block builds its own table: built once per
// panel and passed down, it measures slower in wasm.
using PanelRows = const float* [kKc];

void panel_rows(const TapRows& b, int p0, int kc, PanelRows& rows) {
  int ky = p0 / b.kw, kx = p0 % b.kw;
  for (int p = 0; p < kc; ++p) {
    rows[p] = b.base + ky * b.row_step + kx * b.tap_step;
    if (++kx == b.kw) {
      kx = 0;
      ++ky;
    }
  }
}

// A register tile: MR rows of c by 4 * NV columns (from column j of b), summed over kc rows of b.
// MR * NV accumulators: enough independent add chains to hide the adder's latency, few enough to
// leave registers for a row of b and a broadcast of a.
template <int MR, int NV>
void tile(int kc, const float* a, int lda, const PanelRows& rows, int j, float* c, int ldc,
          bool accumulate) {
  Vec4 acc[MR][NV];
  for (int r = 0; r < MR; ++r) {
    for (int v = 0; v < NV; ++v) acc[r][v] = accumulate ? load4(c + r * ldc + 4 * v) : Vec4{};
  }
  for (int p = 0; p < kc; ++p) {
    Vec4 b_p[NV];
    for (int v = 0; v < NV; ++v) b_p[v] = load4(rows[p] + j + 4 * v);
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
void edge(int kc, int width, const float* a, int lda, const PanelRows& rows, int j, float* c,
          int ldc, bool accumulate) {
  for (int q = 0; q < width; ++q) {
    float sum[MR];
    for (int r = 0; r < MR; ++r) sum[r] = accumulate ? c[r * ldc + q] : 0.0f;
    for (int p = 0; p < kc; ++p) {
      for (int r = 0; r < MR; ++r) sum[r] += a[r * lda + p] * rows[p][j + q];
    }
    for (int r = 0; r < MR; ++r) c[r * ldc + q] = sum[r];
  }
}

// The register tile's width in vectors for MR rows: its MR x NV accumulators, NV vectors of b and
// a broadcast of a must fit the 16 vector registers of x64. V8 spills sooner than g++ (it keeps a
// scratch register, and its allocator holds every b_p): in wasm, 8 vectors for one row run 1.6x
// slower than 7 (512x512 7x7: 1.01 against 0.63 ms; 15x15: 5.1 against 2.8 ms), and 3 for four
// rows 1.2x slower than 2 (bank of 4 7x7: 3.0 against 2.4 ms). Natively 7 and 8 tie, and 3 for
// four rows beats 2 by 1.1x (2.3 against 2.5 ms): the wasm choice serves both, as the engine ships
// as wasm (2026-11-26).
constexpr int tile_vectors(int mr) { return mr == 1 ? 7 : mr == 2 ? 4 : 2; }

// MR rows of c across nc columns of the current panel (from column j0 of b): wide tiles, then
// tiles of 8 and of 4 columns, then the scalar edge.
template <int MR>
void row_block(int nc, int p0, int kc, const float* a, int lda, const TapRows& taps, int j0,
               float* c, int ldc, bool accumulate) {
  PanelRows b;
  panel_rows(taps, p0, kc, b);
  constexpr int kNv = tile_vectors(MR);
  int j = 0;
  for (; j + 4 * kNv <= nc; j += 4 * kNv) {
    tile<MR, kNv>(kc, a, lda, b, j0 + j, c + j, ldc, accumulate);
  }
  for (; j + 8 <= nc; j += 8) tile<MR, 2>(kc, a, lda, b, j0 + j, c + j, ldc, accumulate);
  for (; j + 4 <= nc; j += 4) tile<MR, 1>(kc, a, lda, b, j0 + j, c + j, ldc, accumulate);
  edge<MR>(kc, nc - j, a, lda, b, j0 + j, c + j, ldc, accumulate);
}

}  // namespace

void gemm(int m, int n, const float* a, int lda, const TapRows& b, float* c, int ldc,
          bool accumulate) {
  const int k = b.kh * b.kw;
  if (k == 0) {
    for (int i = 0; i < m && !accumulate; ++i) {
      float* c_row = c + static_cast<long>(i) * ldc;
      std::fill(c_row, c_row + n, 0.0f);
    }
    return;
  }
  for (int j0 = 0; j0 < n; j0 += kNc) {
    const int nc = std::min(kNc, n - j0);
    for (int p0 = 0; p0 < k; p0 += kKc) {
      const int kc = std::min(kKc, k - p0);
      const bool add = accumulate || p0 > 0;
      for (int i0 = 0; i0 < m; i0 += kMr) {
        const float* a_block = a + static_cast<long>(i0) * lda + p0;
        float* c_block = c + static_cast<long>(i0) * ldc + j0;
        switch (std::min(kMr, m - i0)) {
          case 1:
            row_block<1>(nc, p0, kc, a_block, lda, b, j0, c_block, ldc, add);
            break;
          case 2:
            row_block<2>(nc, p0, kc, a_block, lda, b, j0, c_block, ldc, add);
            break;
          case 3:
            row_block<3>(nc, p0, kc, a_block, lda, b, j0, c_block, ldc, add);
            break;
          default:
            row_block<4>(nc, p0, kc, a_block, lda, b, j0, c_block, ldc, add);
            break;
        }
      }
    }
  }
}

void gemm(int m, int n, int k, const float* a, int lda, const float* b, int ldb, float* c,
          int ldc) {
  gemm(m, n, a, lda, TapRows{b, k, 1, ldb, 0}, c, ldc);
}

}  // namespace convscope
