// Single-precision matrix multiply for im2col: no BLAS exists in the browser, so this is plain
// C++ whose inner loops g++ -O3 and clang -O3 -msimd128 turn into SIMD without intrinsics.
#pragma once

namespace convscope {

// c = a * b, every matrix row-major with its own leading dimension (elements between rows):
//   a: m x k, element (i, p) at a[i * lda + p]
//   b: k x n, element (p, j) at b[p * ldb + j]
//   c: m x n, element (i, j) at c[i * ldc + j]; overwritten, never read
// Tuned for im2col's shape: m small (the filter bank, 1 to a few), n large (output pixels), k the
// kernel's taps. Blocked over k and n so a panel of b stays in L2 while m is swept over it.
// Allocates nothing. m, n, k >= 0 (k == 0 gives zeros); c must not overlap a or b.
void gemm(int m, int n, int k, const float* a, int lda, const float* b, int ldb, float* c, int ldc);

}  // namespace convscope
