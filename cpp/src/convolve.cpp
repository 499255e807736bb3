#include "convscope/convolve.hpp"

#include <string>

#include "algorithms.hpp"
#include "checks.hpp"
#include "convscope/borders.hpp"

namespace convscope {
namespace {

// Kernel turned 180 degrees: convolution is correlation with it.
void flip_into(const PlaneView& kernel, Plane& out) {
  out.resize(kernel.height, kernel.width);
  const std::size_t n = kernel.size();
  for (std::size_t i = 0; i < n; ++i) out.data[i] = kernel.data[n - 1 - i];
}

// The shape of a bank as the caller passes it; kernels of another size than the first are refused.
BankShape shape_of(const PlaneView& image, const std::vector<PlaneView>& kernels) {
  BankShape shape{image.height, image.width, 0, 0, static_cast<int>(kernels.size())};
  if (kernels.empty()) return shape;
  shape.kernel_h = kernels.front().height;
  shape.kernel_w = kernels.front().width;
  for (std::size_t n = 1; n < kernels.size(); ++n) {
    check_same_size(kernels.front(), "kernel 0", kernels[n], "kernel " + std::to_string(n),
                    "kernels", "kernels");
  }
  return shape;
}

}  // namespace

CheckedBank check_bank(const BankShape& shape, const ConvSpec& spec) {
  check_bank_size(shape.kernel_count);
  const OutputGeometry geometry =
      output_geometry(shape.image_h, shape.image_w, shape.kernel_h, shape.kernel_w, spec);
  const long long values =
      static_cast<long long>(shape.kernel_count) * geometry.height() * geometry.width();
  if (values > kMaxBankOutputValues) {
    throw RangeError("kernels", "a bank of " + std::to_string(shape.kernel_count) + " maps of " +
                                    std::to_string(geometry.height()) + " x " +
                                    std::to_string(geometry.width()) + " would hold " +
                                    std::to_string(values) + " values, more than the limit " +
                                    std::to_string(kMaxBankOutputValues));
  }
  return {shape, spec, geometry};
}

Convolver::Convolver() : algorithms_(new Algorithms) {}
Convolver::~Convolver() = default;

Method Convolver::run(const PlaneView& image, const std::vector<PlaneView>& kernels,
                      const ConvSpec& spec, std::vector<Plane>& outputs) {
  return run(check_bank(shape_of(image, kernels), spec), image, kernels, outputs);
}

Method Convolver::run(const CheckedBank& bank, const PlaneView& image,
                      const std::vector<PlaneView>& kernels, std::vector<Plane>& outputs) {
  CONVSCOPE_ASSERT(image.height == bank.shape.image_h && image.width == bank.shape.image_w);
  CONVSCOPE_ASSERT(kernels.size() == static_cast<std::size_t>(bank.shape.kernel_count));
  prepare_source(bank, image);
  for (std::size_t n = 0; n < kernels.size(); ++n) {
    CONVSCOPE_ASSERT(kernels[n].height == bank.shape.kernel_h);
    CONVSCOPE_ASSERT(kernels[n].width == bank.shape.kernel_w);
    check_finite(kernels[n], "kernels", "kernel " + std::to_string(n));
  }
  prepare_kernels(bank, kernels);
  Algorithms& algo = *algorithms_;
  const BankProblem& problem = algo.problem;
  // An explicit 'separable' refuses a kernel of higher rank before any output is touched.
  if (bank.spec.method == Method::separable) {
    const int not_rank1 = algo.separable.factor_bank(problem.kernels);
    if (not_rank1 >= 0) throw SeparableCorrelator::not_rank1_error(not_rank1);
  }
  outputs.resize(kernels.size());
  for (Plane& out : outputs) out.resize(problem.out_h, problem.out_w);
  if (bank.spec.method == Method::auto_) return run_auto(outputs);
  return run_whole(bank.spec.method, outputs);
}

// The source the algorithms read: the image itself, or the image padded by the spec's border.
// The image is checked for NaN and infinity while it is padded (one pass less over it;
// check_finite then only names the culprit), else on its own.
void Convolver::prepare_source(const CheckedBank& bank, const PlaneView& image) {
  Algorithms& algo = *algorithms_;
  const Padding& pad = bank.geometry.pad;
  if (pad.top == 0 && pad.bottom == 0 && pad.left == 0 && pad.right == 0) {
    check_finite(image, "image", "image");
    algo.problem.source = image;
    return;
  }
  if (!pad_plane(image, pad, bank.spec.border, bank.spec.border_value, algo.padded)) {
    check_finite(image, "image", "image");
  }
  algo.problem.source = algo.padded.view();
}

// The rest of the problem: the kernels (turned 180 degrees for convolution), stride, dilation and
// output size.
void Convolver::prepare_kernels(const CheckedBank& bank, const std::vector<PlaneView>& kernels) {
  Algorithms& algo = *algorithms_;
  BankProblem& problem = algo.problem;
  if (bank.spec.op == Operation::convolution) {
    algo.flipped.resize(kernels.size());
    problem.kernels.clear();
    for (std::size_t n = 0; n < kernels.size(); ++n) {
      flip_into(kernels[n], algo.flipped[n]);
      problem.kernels.push_back(algo.flipped[n].view());
    }
  } else {
    problem.kernels = kernels;
  }
  problem.stride = bank.spec.stride;
  problem.dilation = bank.spec.dilation;
  problem.out_h = bank.geometry.height();
  problem.out_w = bank.geometry.width();
}

// Method::auto_: the cost model's choice for the whole bank, or for a mixed bank (some kernels
// rank 1, some not) possibly separable for the rank-1 ones and another method for the rest.
Method Convolver::run_auto(std::vector<Plane>& outputs) {
  Algorithms& algo = *algorithms_;
  const std::size_t nk = algo.problem.kernels.size();
  std::size_t rank1_count = 0;
  algo.rank1.resize(nk);
  for (std::size_t n = 0; n < nk; ++n) {
    algo.rank1[n] = algo.separable.is_rank1(algo.problem.kernels[n]);
    rank1_count += algo.rank1[n];
  }
  Method other = Method::auto_;
  if (rank1_count > 0 && rank1_count < nk && run_mixed(outputs, other)) return other;
  return run_whole(choose_method(algo.problem, rank1_count == nk), outputs);
}

Method Convolver::run_whole(Method method, std::vector<Plane>& outputs) {
  run_method(method, algorithms_->problem, outputs);
  methods_.assign(outputs.size(), method);
  return method;
}

// A mixed bank under auto (the notebook's: flattop and gaussian are rank 1, the two Sobels are
// not). When the cost model would run the rank-1 kernels separable on their own, they go that
// way and the others by the model's choice for them (other); the maps move out and back, no copy.
// Returns false, having run nothing, when the model keeps the bank whole.
bool Convolver::run_mixed(std::vector<Plane>& outputs, Method& other) {
  Algorithms& algo = *algorithms_;
  const BankProblem& problem = algo.problem;
  BankProblem& separable_part = algo.separable_part;
  BankProblem& other_part = algo.other_part;
  separable_part = problem;  // assignment keeps the kernel lists' allocations
  other_part = problem;
  separable_part.kernels.clear();
  other_part.kernels.clear();
  const std::size_t nk = problem.kernels.size();
  for (std::size_t n = 0; n < nk; ++n) {
    (algo.rank1[n] ? separable_part : other_part).kernels.push_back(problem.kernels[n]);
  }
  if (choose_method(separable_part, true) != Method::separable) return false;
  other = choose_method(other_part, false);
  algo.separable_maps.resize(separable_part.kernels.size());
  algo.other_maps.resize(other_part.kernels.size());
  for (std::size_t n = 0, s = 0, o = 0; n < nk; ++n) {
    std::swap(outputs[n], algo.rank1[n] ? algo.separable_maps[s++] : algo.other_maps[o++]);
  }
  run_method(Method::separable, separable_part, algo.separable_maps);
  run_method(other, other_part, algo.other_maps);
  methods_.resize(nk);
  for (std::size_t n = 0, s = 0, o = 0; n < nk; ++n) {
    std::swap(outputs[n], algo.rank1[n] ? algo.separable_maps[s++] : algo.other_maps[o++]);
    methods_[n] = algo.rank1[n] ? Method::separable : other;
  }
  return true;
}

void Convolver::run_method(Method method, const BankProblem& problem, std::vector<Plane>& outputs) {
  Algorithms& algo = *algorithms_;
  switch (method) {
    case Method::direct:
      correlate_direct(problem, outputs);
      break;
    case Method::im2col:
      algo.im2col.run(problem, outputs);
      break;
    case Method::fft:
      algo.fft.run(problem, outputs);
      break;
    case Method::fft_kiss:
      algo.fft_kiss.run(problem, outputs);
      break;
    case Method::separable:
      algo.separable.run(problem, outputs);
      break;
    case Method::auto_:
      CONVSCOPE_ASSERT(false);  // resolved by run_auto
      break;
  }
}

Plane conv2d(const PlaneView& image, const PlaneView& kernel, const ConvSpec& spec,
             Method* method_used) {
  std::vector<Plane> outputs = conv2d_bank(image, {kernel}, spec, method_used);
  return std::move(outputs.front());
}

std::vector<Plane> conv2d_bank(const PlaneView& image, const std::vector<PlaneView>& kernels,
                               const ConvSpec& spec, Method* method_used) {
  Convolver convolver;
  std::vector<Plane> outputs;
  const Method method = convolver.run(image, kernels, spec, outputs);
  if (method_used) *method_used = method;
  return outputs;
}

}  // namespace convscope
