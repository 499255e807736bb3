#!/usr/bin/env bash
# Installs what convscope needs on a fresh Debian machine; quick when everything is there already.
# Debian packages: the toolchains (g++, CMake, Emscripten; clang-14 with its sanitizer and
# libFuzzer runtimes for the asan preset), KissFFT (the fft_kiss method), the test framework
# (Catch2), SciPy/NumPy for the golden data, Chromium for the page tests. npm: playwright-core (it
# drives Debian's Chromium; it never downloads a browser) and the benchmark's peers.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(cmake g++ make catch2 libkissfft-dev emscripten clang-14 libclang-rt-14-dev python3
  python3-numpy python3-scipy python3-pil python3-matplotlib chromium clang-format)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" ||
    missing+=("$package")
done
# Node.js 20 may come from another build that bundles npm (and conflicts with Debian's npm
# package): ask for Debian's only when the commands are missing.
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
if ((${#missing[@]})); then
  echo "setup: installing Debian packages: ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -q
  "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
fi

# A node_modules that is a symlink (a git worktree sharing one install) is never reinstalled from
# here: npm ci would empty the folder it points to, under every other worktree.
if [ -L node_modules ]; then
  if [ ! -d node_modules/playwright-core ]; then
    echo "setup: node_modules links to $(readlink node_modules), which lacks playwright-core"
    exit 1
  fi
elif [ ! -d node_modules/playwright-core ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: installing npm packages"
  npm ci --no-audit --no-fund
fi
