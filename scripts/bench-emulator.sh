#!/usr/bin/env bash
# Emulator benchmark: 100,000 backends in a file-backed state, request latencies over loopback HTTP.
#   scripts/bench-emulator.sh [COUNT] [--memory]
set -euo pipefail
cd "$(dirname "$0")/.."
# The same release build folder as scripts/bench-calls.sh, apart from the debug build.
scratch=.build-bench
swift build -c release --scratch-path "$scratch" --product bench-emulator 2>&1 | tail -1
exec "$(swift build -c release --scratch-path "$scratch" --show-bin-path)/bench-emulator" "$@"
