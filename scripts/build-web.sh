#!/usr/bin/env bash
# Builds the WebAssembly module (cmake --preset wasm) and assembles dist/, a self-contained static
# folder: web/ as is, the module's glue (convscope-wasm.js) and binary (convscope.wasm, the name
# convscope.js fetches), assets/ and examples/ when present. Idempotent; when nothing changed the
# build is a no-op, and dist/ is assembled afresh (a file removed from web/ leaves it too).
set -euo pipefail
cd "$(dirname "$0")/.."
export NODE_PATH=/usr/share/nodejs  # em++ runs node, which needs Debian's modules

# Configuring again costs half a second and nothing is rebuilt unless something changed.
cmake --preset wasm >/dev/null
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
rm -f dist/assets/*.py  # the script that made the samples stays in the repo
# Node reads dist/*.js as ES modules wherever dist/ is copied, not only inside this repo.
echo '{ "type": "module" }' >dist/package.json

wasm_bytes=$(stat -c %s dist/convscope.wasm)
gzip_bytes=$(gzip -9 -c dist/convscope.wasm | wc -c)
echo "build-web: dist/ ready; convscope.wasm ${wasm_bytes} bytes, ${gzip_bytes} gzipped"
