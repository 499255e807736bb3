#include "convscope/catalog.hpp"

#include "convscope/cnn.hpp"
#include "convscope/filters.hpp"
#include "convscope/render.hpp"
#include "convscope/spec.hpp"
#include "names.hpp"

namespace convscope {
namespace {

// An enumeration's list under its argument's name.
template <typename Enum>
NameList names_of() {
  using Names = EnumNames<Enum>;
  return {Names::key, {std::begin(Names::names), std::end(Names::names)}};
}

}  // namespace

std::vector<NameList> name_lists() {
  return {
      names_of<PaddingMode>(), names_of<BorderMode>(), names_of<Operation>(),
      names_of<Method>(),      names_of<Colormap>(),   names_of<NegativeMode>(),
      names_of<RangeMode>(),   names_of<PoolMode>(),   {"filter", filter_names()},
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
      {"minSigma", kMinSigma},
      {"maxSigma", kMaxSigma},
      {"maxTheta", kMaxTheta},
      {"minWavelength", kMinWavelength},
      {"maxWavelength", kMaxWavelength},
  };
}

}  // namespace convscope
