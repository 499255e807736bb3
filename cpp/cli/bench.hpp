// `convscope bench`: times every method on the workloads (bench/README.md).
#pragma once

namespace convscope {

// argv[0] is the subcommand ("bench"), options follow: --repeat N, --quick, --json, --help.
// Prints the table (or JSON) to stdout; returns the process exit code: 0, or 2 after printing a
// message naming the bad option to stderr.
int run_bench(int argc, char** argv);

}  // namespace convscope
