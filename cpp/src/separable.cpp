// SeparableCorrelator: a rank-1 kernel w(k, l) = column[k] * row[l] run as two 1-D passes,
// kh + kw multiply-adds per output instead of kh * kw.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <string>
#include <vector>

#include "algorithms.hpp"
#include "convscope/errors.hpp"
#include "gemm.hpp"

namespace convscope {

namespace {

// The rank test: the kernel counts as rank 1 when its factors rebuild it to within
//   sum |w(k, l) - column[k] row[l]| <= kRankTolerance * sum |w(k, l)|.
// Why 1e-6: a float kernel that is rank 1 up to its own rounding (an outer product computed in
// float, or a gaussian evaluated pointwise) misses by a few float epsilons per tap, under 3e-7 of
// sum |w|, so it passes with room; and the error the residual can put into an output is at most
// kRankTolerance * sum |w| * max |image|, 100x inside the engine's agreement tolerance
// (1e-4 * sum |w| * max |image|). A kernel that is genuinely rank 2, like a random 5x5, misses by
// a sizeable fraction of sum |w|.
constexpr double kRankTolerance = 1e-6;

// Alternating least-squares rounds after the pivot start; each multiplies the distance to the
// best rank-1 fit by (sigma2 / sigma1)^2, which is tiny for any kernel near the tolerance.
constexpr int kRefinements = 3;

// Rank-1 factors, in double: start through the largest tap w(p, q), column[k] = w(k, q) and
// row[l] = w(p, l) / w(p, q) (exact for a rank-1 kernel, and well conditioned since the pivot is
// the largest), then refine by alternating least squares towards the best rank-1 fit, so a kernel
// within the tolerance of rank 1 is not refused because of the pivot it started from. Writes kh
// values to column and kw to row; returns whether they rebuild the kernel (above). scratch holds
// the double factors (kh + kw values; resized, its allocation reused).
bool factor_into(const PlaneView& kernel, float* column, float* row, std::vector<double>& scratch) {
  const int kh = kernel.height, kw = kernel.width;
  int p = 0, q = 0;
  double largest = 0.0, total = 0.0;
  for (int k = 0; k < kh; ++k) {
    for (int l = 0; l < kw; ++l) {
      const double a = std::fabs(kernel.at(k, l));
      total += a;
      if (a > largest) {
        largest = a;
        p = k;
        q = l;
      }
    }
  }
  if (largest == 0.0) {  // all zeros: rank 0, and zero factors rebuild it
    std::fill(column, column + kh, 0.0f);
    std::fill(row, row + kw, 0.0f);
    return true;
  }
  scratch.resize(static_cast<std::size_t>(kh) + kw);
  double* c = scratch.data();
  double* r = c + kh;
  const double pivot = kernel.at(p, q);
  for (int k = 0; k < kh; ++k) c[k] = kernel.at(k, q);
  for (int l = 0; l < kw; ++l) r[l] = kernel.at(p, l) / pivot;
  for (int round = 0; round < kRefinements; ++round) {
    double cc = 0.0;
    for (int k = 0; k < kh; ++k) cc += c[k] * c[k];
    for (int l = 0; l < kw; ++l) {
      double dot = 0.0;
      for (int k = 0; k < kh; ++k) dot += kernel.at(k, l) * c[k];
      r[l] = dot / cc;
    }
    double rr = 0.0;
    for (int l = 0; l < kw; ++l) rr += r[l] * r[l];
    for (int k = 0; k < kh; ++k) {
      double dot = 0.0;
      for (int l = 0; l < kw; ++l) dot += kernel.at(k, l) * r[l];
      c[k] = dot / rr;
    }
  }
  double residual = 0.0;
  for (int k = 0; k < kh; ++k)
    for (int l = 0; l < kw; ++l) residual += std::fabs(kernel.at(k, l) - c[k] * r[l]);
  std::copy(c, c + kh, column);
  std::copy(r, r + kw, row);
  return residual <= kRankTolerance * total;
}

}  // namespace

bool SeparableCorrelator::factor(const PlaneView& kernel, std::vector<float>& column,
                                 std::vector<float>& row) {
  column.resize(kernel.height);
  row.resize(kernel.width);
  std::vector<double> scratch;
  return factor_into(kernel, column.data(), row.data(), scratch);
}

int SeparableCorrelator::factor_bank(const std::vector<PlaneView>& kernels) {
  // column_ holds nk x kh factors, row_ nk x kw.
  const int kh = kernels.front().height, kw = kernels.front().width;
  const int nk = static_cast<int>(kernels.size());
  column_.resize(static_cast<std::size_t>(nk) * kh);
  row_.resize(static_cast<std::size_t>(nk) * kw);
  for (int n = 0; n < nk; ++n) {
    if (!factor_into(kernels[n], column_.data() + n * kh, row_.data() + n * kw, factor_scratch_)) {
      return n;
    }
  }
  return -1;
}

bool SeparableCorrelator::is_rank1(const PlaneView& kernel) {
  column_.resize(kernel.height);
  row_.resize(kernel.width);
  return factor_into(kernel, column_.data(), row_.data(), factor_scratch_);
}

RangeError SeparableCorrelator::not_rank1_error(int kernel_index) {
  return RangeError("method", "method 'separable' needs rank-1 kernels: kernel " +
                                  std::to_string(kernel_index) +
                                  " is not rank 1 (its best rank-1 factors miss by more than " +
                                  std::to_string(kRankTolerance) + " x sum |kernel|)");
}

void SeparableCorrelator::run(const BankProblem& problem, std::vector<Plane>& outputs) {
  // Every kernel is factored before any output is written, so a refusal leaves outputs untouched.
  const int not_rank1 = factor_bank(problem.kernels);
  if (not_rank1 >= 0) throw not_rank1_error(not_rank1);
  run_factored(problem, outputs);
}

// The row passes live in a ring of rows, per kernel, that stays in cache however large the image
// (kRingBudget floats, 256 KiB, in one core's 1 MiB L2; never fewer rows than one output row
// reads): each source row is passed once, when the first output row that reads it comes up, into
// slot r % ring. Both passes are GEMMs (gemm.hpp) reading their rows in place: the row pass of a
// source row for a group of up to kGroup kernels at once (one read of the row for all of them),
// the column pass one output row and kernel at a time, in two parts where its rows wrap around
// the ring. At 1280 x 720 with the notebook's flattop and gaussian 7x7 in wasm: 1.65 ms, where
// plain loops over whole-image passes take 2.35 ms (2026-11-26; rings of 32 Ki to 128 Ki floats
// measure alike).
constexpr int kGroup = 4;
constexpr long kRingBudget = 64 * 1024;

void SeparableCorrelator::run_factored(const BankProblem& problem, std::vector<Plane>& outputs) {
  const int kh = problem.kernel_h(), kw = problem.kernel_w();
  const int nk = static_cast<int>(problem.kernels.size());
  const int sy = problem.stride.y, sx = problem.stride.x;
  const int dy = problem.dilation.y, dx = problem.dilation.x;
  const int out_h = problem.out_h, out_w = problem.out_w;
  const PlaneView& src = problem.source;

  // Source rows the column pass reads: i * sy + k * dy. Only those get a row pass.
  const int used_rows = (out_h - 1) * sy + (kh - 1) * dy + 1;
  row_used_.assign(used_rows, 0);
  for (int i = 0; i < out_h; ++i)
    for (int k = 0; k < kh; ++k) row_used_[i * sy + k * dy] = 1;

  // rows_pass_: group x ring x out_w; row r of kernel n of the group at n * plane + (r % ring) *
  // out_w.
  const int reach = (kh - 1) * dy + 1;  // the source rows one output row reads
  // Kernels share a row pass in groups, unless the rings would then need more memory than one
  // kernel's row passes over the whole image (a widely dilated kernel on a wide image).
  const int group = std::max(1, std::min({kGroup, nk, used_rows / reach}));
  const int ring = static_cast<int>(
      std::clamp<long>(kRingBudget / (static_cast<long>(group) * out_w), reach, used_rows));
  const long plane = static_cast<long>(ring) * out_w;
  rows_pass_.resize(static_cast<std::size_t>(group) * plane);

  for (int n0 = 0; n0 < nk; n0 += group) {
    const int m = std::min(group, nk - n0);
    const float* row_factors = row_.data() + static_cast<std::size_t>(n0) * kw;
    int passed = 0;  // source rows [0, passed) have had their row pass
    for (int i = 0; i < out_h; ++i) {
      // Row pass: rows_pass_(n, r % ring, j) = sum_l src(r, j * sx + l * dx) * row_n[l].
      const int first = i * sy, last = first + reach;  // output row i reads [first, last)
      for (int r = std::max(passed, first); r < last; ++r) {
        if (!row_used_[r]) continue;
        const float* in_row = src.data + static_cast<std::size_t>(r) * src.width;
        float* pass = rows_pass_.data() + static_cast<long>(r % ring) * out_w;
        if (sx == 1) {
          gemm(m, out_w, row_factors, kw, TapRows{in_row, 1, kw, 0, dx}, pass,
               static_cast<int>(plane));
          continue;
        }
        for (int n = 0; n < m; ++n) {  // strided: the GEMM needs contiguous rows
          float* acc = pass + n * plane;
          std::fill(acc, acc + out_w, 0.0f);
          for (int l = 0; l < kw; ++l) {
            const float w = row_factors[n * kw + l];
            const float* in = in_row + l * dx;
            for (int j = 0; j < out_w; ++j) acc[j] += w * in[j * sx];
          }
        }
      }
      passed = last;
      // Column pass: out_n(i, j) = sum_k rows_pass_(n, (first + k * dy) % ring, j) * column_n[k].
      // Taps k < wrap read slots first % ring + k * dy, the rest wrap to the ring's start.
      const int start = first % ring;
      const int wrap = std::min(kh, (ring - start + dy - 1) / dy);
      for (int n = 0; n < m; ++n) {
        const float* column = column_.data() + static_cast<std::size_t>(n0 + n) * kh;
        const float* rows = rows_pass_.data() + n * plane;
        const long step = static_cast<long>(dy) * out_w;
        float* out_row = outputs[n0 + n].row(i);
        gemm(1, out_w, column, kh, TapRows{rows + start * out_w, wrap, 1, step, 0}, out_row, out_w);
        if (wrap < kh) {
          const int slot = start + wrap * dy - ring;
          gemm(1, out_w, column + wrap, kh, TapRows{rows + slot * out_w, kh - wrap, 1, step, 0},
               out_row, out_w, true);
        }
      }
    }
  }
}

}  // namespace convscope
