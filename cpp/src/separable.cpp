// SeparableCorrelator: a rank-1 kernel w(k, l) = column[k] * row[l] run as two 1-D passes,
// kh + kw multiply-adds per output instead of kh * kw.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <string>
#include <vector>

#include "algorithms.hpp"
#include "convscope/errors.hpp"

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
  return RangeError("method 'separable' needs rank-1 kernels: kernel " +
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

  rows_pass_.resize(static_cast<std::size_t>(used_rows) * out_w);
  for (int n = 0; n < nk; ++n) {
    const float* column = column_.data() + n * kh;
    const float* row = row_.data() + n * kw;

    // Row pass: rows_pass_(r, j) = sum_l src(r, j * sx + l * dx) * row[l]. The tap loop is outside
    // so the inner loop runs along the output row (contiguous, vectorized, when sx == 1).
    for (int r = 0; r < used_rows; ++r) {
      if (!row_used_[r]) continue;
      float* acc = rows_pass_.data() + static_cast<std::size_t>(r) * out_w;
      const float* in_row = src.data + static_cast<std::size_t>(r) * src.width;
      std::fill(acc, acc + out_w, 0.0f);
      for (int l = 0; l < kw; ++l) {
        const float w = row[l];
        const float* in = in_row + l * dx;
        if (sx == 1) {
          for (int j = 0; j < out_w; ++j) acc[j] += w * in[j];
        } else {
          for (int j = 0; j < out_w; ++j) acc[j] += w * in[j * sx];
        }
      }
    }

    // Column pass: out(i, j) = sum_k rows_pass_(i * sy + k * dy, j) * column[k].
    Plane& out = outputs[n];
    for (int i = 0; i < out_h; ++i) {
      float* acc = out.row(i);
      std::fill(acc, acc + out_w, 0.0f);
      for (int k = 0; k < kh; ++k) {
        const float w = column[k];
        const float* in = rows_pass_.data() + static_cast<std::size_t>(i * sy + k * dy) * out_w;
        for (int j = 0; j < out_w; ++j) acc[j] += w * in[j];
      }
    }
  }
}

}  // namespace convscope
