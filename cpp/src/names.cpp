// The name parsers and to_string of every enumeration the headers declare, all over names.hpp.
#include "names.hpp"

namespace convscope {

PaddingMode parse_padding_mode(const std::string& name) { return parse_enum<PaddingMode>(name); }
BorderMode parse_border_mode(const std::string& name) { return parse_enum<BorderMode>(name); }
Operation parse_operation(const std::string& name) { return parse_enum<Operation>(name); }
Method parse_method(const std::string& name) { return parse_enum<Method>(name); }
Colormap parse_colormap(const std::string& name) { return parse_enum<Colormap>(name); }
NegativeMode parse_negative_mode(const std::string& name) { return parse_enum<NegativeMode>(name); }
RangeMode parse_range_mode(const std::string& name) { return parse_enum<RangeMode>(name); }
PoolMode parse_pool_mode(const std::string& name) { return parse_enum<PoolMode>(name); }

const char* to_string(PaddingMode mode) { return enum_name(mode); }
const char* to_string(BorderMode mode) { return enum_name(mode); }
const char* to_string(Operation op) { return enum_name(op); }
const char* to_string(Method method) { return enum_name(method); }
const char* to_string(Colormap colormap) { return enum_name(colormap); }
const char* to_string(NegativeMode mode) { return enum_name(mode); }
const char* to_string(RangeMode mode) { return enum_name(mode); }
const char* to_string(PoolMode mode) { return enum_name(mode); }

}  // namespace convscope
