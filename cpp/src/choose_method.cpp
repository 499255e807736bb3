#include <cmath>

#include "algorithms.hpp"

namespace convscope {

// First cut of the cost model (to be replaced by measured constants): direct for small kernels,
// separable when every kernel is rank 1 and large enough to profit, fft for large kernels.
Method choose_method(const BankProblem& problem, bool all_separable) {
  const int taps = problem.kernel_h() * problem.kernel_w();
  if (all_separable && taps >= 25) return Method::separable;
  if (taps >= 121 && problem.stride.y == 1 && problem.stride.x == 1) return Method::fft;
  return Method::direct;
}

}  // namespace convscope
