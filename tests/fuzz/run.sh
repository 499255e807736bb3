#!/usr/bin/env bash
# Long fuzz runs: bash tests/fuzz/run.sh [SECONDS] [TARGET...]   (default: 3600 s, npy and spec)
# Builds the asan preset's fuzz targets (clang-14, ASan + UBSan + libFuzzer) and runs the targets
# side by side, each for SECONDS from its committed seed corpus (tests/fuzz/corpus/NAME). New
# inputs collect in build/asan/fuzz-corpus/NAME, findings as build/asan/fuzz-findings/NAME/crash-*
# (replay one with: build/asan/fuzz_NAME FILE). Ends with each target's executions and findings.
set -uo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-3600}
shift || true
targets=("$@")
((${#targets[@]})) || targets=(npy spec)

cmake --preset asan >/dev/null || exit 1
cmake --build build/asan -j2 --target "${targets[@]/#/fuzz_}" || exit 1

pids=()
for name in "${targets[@]}"; do
  mkdir -p "build/asan/fuzz-corpus/$name" "build/asan/fuzz-findings/$name"
  "build/asan/fuzz_$name" -max_total_time="$seconds" -print_final_stats=1 -timeout=10 \
    -artifact_prefix="build/asan/fuzz-findings/$name/" \
    "build/asan/fuzz-corpus/$name" "tests/fuzz/corpus/$name" >"build/asan/fuzz_$name.log" 2>&1 &
  pids+=($!)
done
status=0
for i in "${!targets[@]}"; do
  wait "${pids[$i]}" || status=1
  name=${targets[$i]}
  runs=$(grep -E '^stat::number_of_executed_units' "build/asan/fuzz_$name.log" | awk '{print $2}')
  findings=$(find "build/asan/fuzz-findings/$name" -type f | wc -l)
  echo "fuzz_$name: ${runs:-?} executions in ${seconds} s, ${findings} findings (log: build/asan/fuzz_$name.log)"
done
exit "$status"
