// Every name the engine accepts and every limit it enforces, listed for the binding to export. The
// JS API and the page build their menus, checks and messages from these lists, so a new border
// mode, method or limit is one edit in the engine.
#pragma once

#include <string>
#include <vector>

namespace convscope {

// One enumeration as the CLI and the JS API spell it, in the enum's declaration order.
//   what:  the argument it belongs to: "padding", "border", "op", "method", "colormap",
//          "negative", "range", "pool", "filter" (the filter presets' names)
struct NameList {
  std::string what;
  std::vector<std::string> names;
};
std::vector<NameList> name_lists();

// One limit, e.g. {"maxImageSide", 16384}: the JS API's camelCase name and its value.
struct Limit {
  std::string name;
  double value;
};
std::vector<Limit> limits();

}  // namespace convscope
