#!/usr/bin/env bash
# Builds everything and runs every test: the engine natively (Catch2, the SciPy golden-data drift
# check and the CLI, under CTest), the engine again under ASan + UBSan with a smoke run of each
# libFuzzer target (clang-14), then the WebAssembly build with its Node tests, then the page in
# Chromium. Ends with one line: "tests: N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh || exit 1

log_dir=build/test-logs
mkdir -p "$log_dir"
passed=0
failed=0
status=0

# Configures and builds a CMake preset, then runs its tests under CTest; ctest prints
# "100% tests passed, 0 tests failed out of 57".
run_ctest() {
  local preset=$1
  if ! cmake --preset "$preset" >"$log_dir/cmake-$preset.log" 2>&1; then
    cat "$log_dir/cmake-$preset.log"
    echo "test.sh: configuring the $preset build failed; its tests count as failed"
    failed=$((failed + 1))
    return 1
  fi
  if ! cmake --build "build/$preset" -j2 >"$log_dir/build-$preset.log" 2>&1; then
    tail -n 60 "$log_dir/build-$preset.log"
    echo "test.sh: the $preset build failed; its tests count as failed"
    failed=$((failed + 1))
    return 1
  fi
  ctest --test-dir "build/$preset" --output-on-failure -j2 2>&1 | tee "$log_dir/ctest-$preset.log"
  local line
  line=$(grep -E 'tests passed, [0-9]+ tests failed out of' "$log_dir/ctest-$preset.log" | tail -n 1)
  if [ -z "$line" ]; then
    echo "test.sh: ctest ran no test"
    failed=$((failed + 1))
    return 1
  fi
  local total bad
  total=$(sed -E 's/.* out of ([0-9]+).*/\1/' <<<"$line")
  bad=$(sed -E 's/.*, ([0-9]+) tests failed.*/\1/' <<<"$line")
  passed=$((passed + total - bad))
  failed=$((failed + bad))
  [ "$bad" -eq 0 ]
}

# node --test prints "# pass 12" and "# fail 0".
run_node_tests() {
  local name=$1
  shift
  node --test "$@" 2>&1 | tee "$log_dir/$name.log"
  local rc=${PIPESTATUS[0]}
  local ok bad
  ok=$(grep -E '^# pass [0-9]+' "$log_dir/$name.log" | tail -n 1 | awk '{print $3}')
  bad=$(grep -E '^# fail [0-9]+' "$log_dir/$name.log" | tail -n 1 | awk '{print $3}')
  if [ -z "$ok" ]; then
    echo "test.sh: $name ran no test"
    failed=$((failed + 1))
    return 1
  fi
  passed=$((passed + ok))
  failed=$((failed + bad))
  [ "$rc" -eq 0 ]
}

# Each fuzz smoke test's figures: executions from libFuzzer's final stats in CTest's full log,
# findings (crash-*, leak-*, timeout-* files) written since the stamp file.
report_fuzz() {
  local stamp=$1 log=build/asan/Testing/Temporary/LastTest.log name runs found
  for name in npy spec; do
    runs=$(awk -v test="fuzz_${name}_smoke" '$0 ~ " Testing: " test "$" {on = 1}
      on && /^stat::number_of_executed_units/ {print $2; exit}' "$log" 2>/dev/null)
    found=$(find "build/asan/fuzz-findings/$name" -type f -newer "$stamp" 2>/dev/null | wc -l)
    echo "fuzz_$name: ${runs:-no} executions, $found findings"
  done
}

echo "== engine (native) =="
run_ctest native || status=1

echo "== engine under ASan + UBSan, fuzz smoke runs (clang) =="
touch "$log_dir/asan.stamp"
run_ctest asan || status=1
report_fuzz "$log_dir/asan.stamp"

echo "== WebAssembly build =="
if bash scripts/build-web.sh; then
  echo "== JS API (Node) =="
  run_node_tests js tests/js/ || status=1
  echo "== page (Chromium) =="
  run_node_tests browser tests/browser/ || status=1
else
  echo "test.sh: the WebAssembly build failed; its tests count as failed"
  failed=$((failed + 1))
  status=1
fi

echo
echo "tests: ${passed} passed, ${failed} failed"
exit "$status"
