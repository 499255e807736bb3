#!/usr/bin/env bash
# Builds the WebAssembly module (cmake --preset wasm) and assembles dist/, a self-contained static
# folder: web/ as is, the module's glue (convscope-wasm.js) and binary (convscope.wasm, the name
# convscope.js fetches), assets/ and examples/ when present. Idempotent; when nothing changed the
# build is a no-op, and dist/ is assembled afresh (a file removed from web/ leaves it too).
set -euo pipefail
cd "$(dirname "$0")/.."
export NODE_PATH=/usr/share/nodejs  # em++ runs node, which needs Debian's modules

# Under the Emscripten toolchain find_path only searches its sysroot; KissFFT is the host's
# header-only copy, so name its folder (this also repairs a cache left by a failed configure).
# Configuring again costs half a second and nothing is rebuilt unless something changed.
cmake --preset wasm -DKISSFFT_INCLUDE_DIR=/usr/include/kissfft >/dev/null
cmake --build build/wasm -j2 --target convscope_wasm

out=build/wasm/cpp/bindings
rm -rf dist
mkdir dist
cp -r web/. dist/
cp "$out/convscope-wasm.js" dist/convscope-wasm.js
cp "$out/convscope-wasm.wasm" dist/convscope.wasm
for dir in assets examples; do
  if [ -d "$dir" ]; then cp -r "$dir" "dist/$dir"; fi
done

wasm_bytes=$(stat -c %s dist/convscope.wasm)
gzip_bytes=$(gzip -9 -c dist/convscope.wasm | wc -c)
echo "build-web: dist/ ready; convscope.wasm ${wasm_bytes} bytes, ${gzip_bytes} gzipped"
