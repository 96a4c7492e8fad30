#!/usr/bin/env bash
# Emulator benchmark: 100,000 backends in a file-backed state, request latencies over loopback HTTP.
#   scripts/bench-emulator.sh [COUNT] [--memory]
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product bench-emulator 2>&1 | tail -1
exec "$(swift build -c release --show-bin-path)/bench-emulator" "$@"
