// `convscope bench`: times every method on the standard workloads (bench/README.md).
#pragma once

#include "args.hpp"

namespace convscope {

// The bench subcommand: --repeat N, --quick, --wall, --json. Prints the table (or JSON) to
// stdout.
Command bench_command();

}  // namespace convscope
