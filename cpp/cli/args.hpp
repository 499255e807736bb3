// Command-line parsing for the convscope tool: "--name value" options checked against a table,
// and value parsers whose errors name the option and the text they got
// ("--stride: expected a positive integer or y,x, got 'abc'").
#pragma once

#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "convscope/spec.hpp"

namespace convscope {

// A mistake on the command line (unknown option, missing or malformed value). main() prints it
// and exits with code 2; errors raised while running (files, engine) exit with code 1.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// One option a subcommand accepts. value_name is empty for a flag that takes no value (then has()
// tells whether it was given).
// default_value is what the help shows when the option is optional and has one.
struct OptionInfo {
  std::string name;  // with the leading dashes: "--stride"
  std::string value_name;
  std::string help;
  bool required = false;
  std::string default_value;
};

// The options given to one subcommand. Accepts "--name value" and "--name=value"; "--help" or
// "-h" anywhere sets help_requested() and skips the required-option check.
class Arguments {
 public:
  // args: the words after the subcommand. Throws UsageError for an unknown or repeated option, a
  // missing value or (unless help was asked for) a missing required option.
  Arguments(const std::vector<OptionInfo>& known, const std::vector<std::string>& args);

  bool help_requested() const { return help_; }
  bool has(const std::string& name) const { return values_.count(name) != 0; }
  // The value given, or the option's default_value when it was not given.
  const std::string& value(const std::string& name) const;

 private:
  std::vector<OptionInfo> known_;
  std::map<std::string, std::string> values_;
  bool help_ = false;
};

// A subcommand: its options table and what runs it (the process exit code: 0, or 1 after
// printing a message; a UsageError thrown from run exits 2).
struct Command {
  std::string name;
  std::string summary;  // one line, for the global help
  std::string details;  // after the option list in the command's --help
  std::vector<OptionInfo> options;
  int (*run)(const Arguments&);
};

// "--name VALUE   help (default: d)" lines for a subcommand's --help.
std::string describe_options(const std::vector<OptionInfo>& known);

// Value parsers. option is the option's name, used in the UsageError message.
int parse_positive_int(const std::string& option, const std::string& text);
int parse_non_negative_int(const std::string& option, const std::string& text);
bool parse_yes_no(const std::string& option, const std::string& text);
double parse_finite_number(const std::string& option, const std::string& text);
// "2" gives {2, 2}; "2,1" gives y = 2, x = 1. Both positive.
Pair parse_pair(const std::string& option, const std::string& text);
// "valid" | "same" | "full" | "P" (P on every side) | "top,bottom,left,right". Sets spec.padding,
// and spec.pad when explicit.
void parse_padding(const std::string& option, const std::string& text, ConvSpec& spec);
// "a,b,c" gives {"a", "b", "c"}; empty items are an error.
std::vector<std::string> parse_list(const std::string& option, const std::string& text);

// Runs one of the engine's name parsers (parse_border_mode...) and turns its TypeError into a
// UsageError prefixed with the option: "--border: unknown border mode 'x' (...)".
template <typename Parse>
auto parse_name(const std::string& option, const std::string& text, Parse parse)
    -> decltype(parse(text)) {
  try {
    return parse(text);
  } catch (const std::invalid_argument& error) {
    throw UsageError(option + ": " + error.what());
  }
}

}  // namespace convscope
