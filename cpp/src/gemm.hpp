// Single-precision matrix multiply for im2col: no BLAS exists in the browser, so this is plain
// C++ that g++ -O3 and clang -O3 -msimd128 turn into SIMD without target intrinsics.
#pragma once

namespace convscope {

// The k x n matrix b of gemm as rows in memory: row p = ky * kw + kx (ky < kh, kx < kw, so
// k = kh * kw) starts at base + ky * row_step + kx * tap_step, and its n elements are contiguous.
//   A stored row-major matrix:          {b, k, 1, ldb, 0}
//   im2col's columns of one output row,  {first source pixel of the row, kh, kw,
//   read in place from the image at      dilation.y * image width, dilation.x}
//   stride.x 1:
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
