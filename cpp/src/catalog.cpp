#include "convscope/catalog.hpp"

#include "convscope/cnn.hpp"
#include "convscope/filters.hpp"
#include "convscope/render.hpp"
#include "convscope/spec.hpp"

namespace convscope {
namespace {

// The names of enum values 0 .. count - 1.
template <typename Enum>
std::vector<std::string> names_of(int count) {
  std::vector<std::string> names;
  for (int i = 0; i < count; ++i) names.emplace_back(to_string(static_cast<Enum>(i)));
  return names;
}

}  // namespace

std::vector<NameList> name_lists() {
  return {
      {"padding", names_of<PaddingMode>(4)},
      {"border", names_of<BorderMode>(6)},
      {"op", names_of<Operation>(2)},
      {"method", names_of<Method>(5)},
      {"colormap", names_of<Colormap>(5)},
      {"negative", names_of<NegativeMode>(3)},
      {"range", names_of<RangeMode>(3)},
      {"pool", names_of<PoolMode>(2)},
      {"filter", filter_names()},
  };
}

std::vector<Limit> limits() {
  return {
      {"maxImageSide", kMaxImageSide},
      {"maxImagePixels", static_cast<double>(kMaxImagePixels)},
      {"maxKernelSide", kMaxKernelSide},
      {"maxStride", kMaxStride},
      {"maxDilation", kMaxDilation},
      {"maxPadding", kMaxPadding},
      {"maxBankSize", kMaxBankSize},
      {"maxPaddedPixels", static_cast<double>(kMaxPaddedPixels)},
      {"maxBankOutputValues", static_cast<double>(kMaxBankOutputValues)},
      {"maxFilterSize", kMaxFilterSize},
      {"maxChannels", kMaxChannels},
  };
}

}  // namespace convscope
