// libFuzzer target: the .npy reader. Every input is read twice, from memory (parse_npy) and as a
// stream (read_npy), and the two must agree: the same array, or the same kind of error. An array
// read must hold product(shape) values and come back bit for bit through encode_npy. Any other
// exception, a crash or a sanitizer report is a finding.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <sstream>
#include <string>

#include "convscope/errors.hpp"
#include "convscope/npy.hpp"

using namespace convscope;

namespace {

// The array, or the kind of engine error that refused it ("TypeError", "RangeError").
struct Outcome {
  std::optional<NpyArray> array;
  std::string error;
};

template <typename Read>
Outcome outcome_of(Read read) {
  try {
    return {read(), ""};
  } catch (const TypeError&) {
    return {std::nullopt, "TypeError"};
  } catch (const RangeError&) {
    return {std::nullopt, "RangeError"};
  }
}

bool same_bits(const NpyArray& a, const NpyArray& b) {
  return a.shape == b.shape && a.data.size() == b.data.size() &&
         (a.data.empty() ||
          std::memcmp(a.data.data(), b.data.data(), a.data.size() * sizeof(float)) == 0);
}

void require(bool condition) {
  if (!condition) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* bytes, std::size_t n) {
  const Outcome memory = outcome_of([&] { return parse_npy(bytes, n); });
  const Outcome stream = outcome_of([&] {
    std::istringstream in(std::string(reinterpret_cast<const char*>(bytes), n));
    return read_npy(in);
  });
  require(memory.error == stream.error);
  if (!memory.array) return 0;
  const NpyArray& array = *memory.array;
  require(same_bits(array, *stream.array));
  std::size_t count = 1;
  for (int d : array.shape) count *= static_cast<std::size_t>(d);
  require(count == array.data.size());
  const std::vector<std::uint8_t> encoded = encode_npy(array.shape, array.data.data());
  require(same_bits(parse_npy(encoded.data(), encoded.size()), array));
  return 0;
}
