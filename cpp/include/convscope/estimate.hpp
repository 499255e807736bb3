// The cost model behind Method::auto_, exported: for a checked bank, the time the model gives
// each method it compares on this build target (native, or WebAssembly with its own factors), and
// what auto runs. These are the numbers auto itself compares (cpp/src/choose_method.cpp).
#pragma once

#include <vector>

#include "convscope/spec.hpp"

namespace convscope {

struct MethodEstimate {
  Method method;
  double ms;
};

// The methods auto compares for some kernels of a bank, and the one it picks: the cheapest (the
// first listed of equals). Listed in the order direct, im2col, fft, then separable when every one
// of these kernels is rank 1. fft_kiss is never compared.
struct PartEstimate {
  std::vector<int> kernels;  // indices into the bank, ascending
  std::vector<MethodEstimate> methods;
  Method pick = Method::direct;
  double pick_ms() const;
};

// What auto does with a bank: the whole bank by whole.pick; or, for a mixed bank (some kernels
// rank 1, some not) when separable is the cheapest for its rank-1 kernels, those by separable and
// the others by other.pick (split). whole is filled in either case.
struct BankEstimate {
  PartEstimate whole;
  bool split = false;
  PartEstimate separable;  // the rank-1 kernels, when split
  PartEstimate other;      // the others, when split
  double ms() const;       // the model's time of what auto runs
};

}  // namespace convscope
