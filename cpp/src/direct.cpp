#include <algorithm>

#include "algorithms.hpp"

namespace convscope {

// The notebook's four loops, with the tap loops outside the output-column loop so the innermost
// loop is an axpy over a row (contiguous when stride x is 1, and then vectorized):
//   out(i, j) += w(k, l) * src(i*sy + k*dy, j*sx + l*dx)
void correlate_direct(const BankProblem& problem, std::vector<Plane>& outputs) {
  const PlaneView& src = problem.source;
  const int sy = problem.stride.y, sx = problem.stride.x;
  const int dy = problem.dilation.y, dx = problem.dilation.x;
  for (std::size_t n = 0; n < problem.kernels.size(); ++n) {
    const PlaneView& kernel = problem.kernels[n];
    Plane& out = outputs[n];
    for (int i = 0; i < problem.out_h; ++i) {
      float* out_row = out.row(i);
      std::fill(out_row, out_row + problem.out_w, 0.0f);
      for (int k = 0; k < kernel.height; ++k) {
        const float* src_row = src.data + static_cast<std::size_t>(i * sy + k * dy) * src.width;
        for (int l = 0; l < kernel.width; ++l) {
          const float w = kernel.at(k, l);
          const float* in = src_row + l * dx;
          if (sx == 1) {
            for (int j = 0; j < problem.out_w; ++j) out_row[j] += w * in[j];
          } else {
            for (int j = 0; j < problem.out_w; ++j) out_row[j] += w * in[j * sx];
          }
        }
      }
    }
  }
}

}  // namespace convscope
