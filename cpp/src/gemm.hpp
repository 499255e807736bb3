// Single-precision matrix multiply for im2col: no BLAS exists in the browser, so this is plain
// C++ that g++ -O3 and clang -O3 -msimd128 turn into SIMD without target intrinsics.
#pragma once

namespace convscope {

// The k x n matrix b of gemm as rows in memory: row p = ky * kw + kx (ky < kh, kx < kw, so
// k = kh * kw) starts at base + ky * row_step + kx * tap_step, and its n elements are contiguous.
// Examples, as {base, kh, kw, row_step, tap_step}:
//   a stored row-major matrix:  {b, k, 1, ldb, 0}
//   im2col at stride.x 1, the columns of output row i, read in place from the Hp x Wp image:
//                               {source + i * stride.y * Wp, kh, kw, dilation.y * Wp, dilation.x}
//   im2col at stride.x > 1, output row i, the taps of one group of a kernel row (those sharing a
//   column phase) read in place from that phase's plane (Hp x plane width):
//                               {that plane's pixel (i * stride.y, shift), kh, the group's width,
//                                dilation.y * plane width, dilation.x / gcd(dilation.x, stride.x)}
// The rows may overlap (neighbouring taps share pixels); b is only read.
struct TapRows {
  const float* base = nullptr;
  int kh = 0;
  int kw = 1;
  long row_step = 0;
  long tap_step = 0;
};

// c = a * b (or c += a * b when accumulate), with
//   a: m x k row-major, element (i, p) at a[i * lda + p]
//   b: k x n as above (k = b.kh * b.kw)
//   c: m x n row-major, element (i, j) at c[i * ldc + j]; overwritten unless accumulate
// Tuned for im2col's shape: m small (the filter bank, 1 to a few), n large (output pixels), k the
// kernel's taps. Blocked over k and n so a panel of b stays in L2 while m is swept over it.
// Allocates nothing. m, n, k >= 0 (k == 0 gives zeros); c must not overlap a or b.
void gemm(int m, int n, const float* a, int lda, const TapRows& b, float* c, int ldc,
          bool accumulate = false);

// c = a * b for a stored row-major b (k x n, element (p, j) at b[p * ldb + j]).
void gemm(int m, int n, int k, const float* a, int lda, const float* b, int ldb, float* c, int ldc);

}  // namespace convscope
