#!/usr/bin/env bash
# Builds the static site into dist/ and serves it on localhost. Usage: scripts/demo.sh [port]
set -euo pipefail
cd "$(dirname "$0")/.."
port="${1:-8000}"
bash scripts/setup.sh
bash scripts/build-web.sh
echo
echo "convscope demo: http://localhost:${port}/   (Ctrl-C stops it; dist/ can be copied to any static host)"
exec /usr/bin/python3 -m http.server "$port" --bind 127.0.0.1 --directory dist
