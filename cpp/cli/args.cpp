#include "args.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <sstream>

namespace convscope {
namespace {

std::string quoted(const std::string& text) { return "'" + text + "'"; }

// Parses all of text as a base-10 int; false on anything else ('+', spaces, overflow, empty).
bool parse_int(const std::string& text, int& value) {
  const char* end = text.data() + text.size();
  auto [stop, error] = std::from_chars(text.data(), end, value);
  return error == std::errc() && stop == end && !text.empty();
}

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::string::size_type start = 0;
  while (true) {
    const auto stop = text.find(separator, start);
    parts.push_back(text.substr(start, stop - start));
    if (stop == std::string::npos) return parts;
    start = stop + 1;
  }
}

}  // namespace

Arguments::Arguments(const std::vector<OptionInfo>& known, const std::vector<std::string>& args)
    : known_(known) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& word = args[i];
    if (word == "--help" || word == "-h") {
      help_ = true;
      continue;
    }
    const auto equals = word.find('=');
    const std::string name = word.substr(0, equals);
    const auto info = std::find_if(known_.begin(), known_.end(),
                                   [&](const OptionInfo& o) { return o.name == name; });
    if (info == known_.end()) {
      throw UsageError(word.rfind("--", 0) == 0 ? "unknown option " + quoted(name)
                                                : "unexpected argument " + quoted(word));
    }
    if (values_.count(name) != 0) throw UsageError(name + ": given twice");
    if (info->value_name.empty()) {
      if (equals != std::string::npos) throw UsageError(name + ": takes no value");
      values_[name] = "";
    } else if (equals != std::string::npos) {
      values_[name] = word.substr(equals + 1);
    } else {
      // The next word is the value even when it starts with '-', so "--border-value -1" works.
      if (i + 1 == args.size()) throw UsageError(name + ": missing " + info->value_name);
      values_[name] = args[++i];
    }
  }
  if (help_) return;
  for (const OptionInfo& option : known_) {
    if (option.required && !has(option.name)) {
      throw UsageError("missing required option " + option.name + " " + option.value_name);
    }
  }
}

const std::string& Arguments::value(const std::string& name) const {
  const auto given = values_.find(name);
  if (given != values_.end()) return given->second;
  const auto info = std::find_if(known_.begin(), known_.end(),
                                 [&](const OptionInfo& o) { return o.name == name; });
  if (info == known_.end())
    throw std::logic_error("no option " + name + " in this command's table");
  return info->default_value;
}

std::string describe_options(const std::vector<OptionInfo>& known) {
  // "  --name VALUE" in a 28-column gutter (the help starts on the next line when the name is
  // wider), help words wrapped at 100 columns.
  constexpr std::size_t kGutter = 28, kWidth = 100;
  std::ostringstream out;
  const auto line = [&](const std::string& left, std::string help) {
    out << left;
    std::size_t column = left.size();
    if (column >= kGutter) {
      out << '\n';
      column = 0;
    }
    std::istringstream words(help);
    std::string word;
    bool first = true;
    while (words >> word) {
      if (column + 1 + word.size() > kWidth && !first) {
        out << '\n';
        column = 0;
      }
      if (column < kGutter) {
        out << std::string(kGutter - column, ' ');
        column = kGutter;
      } else {
        out << ' ';
        ++column;
      }
      out << word;
      column += word.size();
      first = false;
    }
    out << '\n';
  };
  for (const OptionInfo& option : known) {
    std::string help = option.help;
    if (option.required) {
      help += " (required)";
    } else if (!option.default_value.empty()) {
      help += " (default: " + option.default_value + ")";
    }
    line("  " + option.name + " " + option.value_name, help);
  }
  line("  --help", "this text");
  return out.str();
}

int parse_positive_int(const std::string& option, const std::string& text) {
  int value = 0;
  if (!parse_int(text, value) || value < 1) {
    throw UsageError(option + ": expected a positive integer, got " + quoted(text));
  }
  return value;
}

int parse_non_negative_int(const std::string& option, const std::string& text) {
  int value = 0;
  if (!parse_int(text, value) || value < 0) {
    throw UsageError(option + ": expected a non-negative integer, got " + quoted(text));
  }
  return value;
}

bool parse_yes_no(const std::string& option, const std::string& text) {
  if (text == "yes" || text == "no") return text == "yes";
  throw UsageError(option + ": expected yes or no, got " + quoted(text));
}

double parse_finite_number(const std::string& option, const std::string& text) {
  double value = 0.0;
  const char* end = text.data() + text.size();
  auto [stop, error] = std::from_chars(text.data(), end, value);
  if (error != std::errc() || stop != end || text.empty() || !std::isfinite(value)) {
    throw UsageError(option + ": expected a finite number, got " + quoted(text));
  }
  return value;
}

Pair parse_pair(const std::string& option, const std::string& text) {
  const std::vector<std::string> parts = split(text, ',');
  Pair pair;
  const bool ok = (parts.size() == 1 || parts.size() == 2) && parse_int(parts.front(), pair.y) &&
                  parse_int(parts.back(), pair.x) && pair.y >= 1 && pair.x >= 1;
  if (!ok) throw UsageError(option + ": expected a positive integer or y,x, got " + quoted(text));
  return pair;
}

void parse_padding(const std::string& option, const std::string& text, ConvSpec& spec) {
  const char* expected =
      ": expected valid, same, full, P or top,bottom,left,right (non-negative "
      "integers), got ";
  if (!text.empty() && std::isdigit(static_cast<unsigned char>(text.front())) == 0) {
    spec.padding = parse_name(option, text, parse_padding_mode);
    if (spec.padding == PaddingMode::explicit_) throw UsageError(option + expected + quoted(text));
    return;
  }
  const std::vector<std::string> parts = split(text, ',');
  std::vector<int> values;
  for (const std::string& part : parts) {
    int value = 0;
    if (!parse_int(part, value) || value < 0) throw UsageError(option + expected + quoted(text));
    values.push_back(value);
  }
  if (values.size() == 1) values.assign(4, values.front());
  if (values.size() != 4) throw UsageError(option + expected + quoted(text));
  spec.padding = PaddingMode::explicit_;
  spec.pad = {values[0], values[1], values[2], values[3]};
}

std::vector<std::string> parse_list(const std::string& option, const std::string& text) {
  std::vector<std::string> items = split(text, ',');
  for (const std::string& item : items) {
    if (item.empty()) throw UsageError(option + ": expected name,name,..., got " + quoted(text));
  }
  return items;
}

}  // namespace convscope
