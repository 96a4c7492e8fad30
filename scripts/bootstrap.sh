#!/usr/bin/env bash
# Set-up shared by the README's commands: installs what a fresh Debian machine lacks, then builds.
# Sourced, not run: leaves MOONGATE_BIN pointing at the built binary.
set -euo pipefail

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

need_apt=()
pkg-config --exists lua5.4 2>/dev/null || need_apt+=(liblua5.4-dev)
command -v pkg-config >/dev/null 2>&1 || need_apt+=(pkg-config)
[ -e /usr/include/sqlite3.h ] || need_apt+=(libsqlite3-dev)
if [ ${#need_apt[@]} -gt 0 ]; then
    echo "bootstrap: installing ${need_apt[*]} with apt-get" >&2
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
echo "bootstrap: building moongate (first build compiles the dependencies: a few minutes)" >&2
build_log="$(mktemp)"
if ! swift build --package-path "$root" --product moongate >"$build_log" 2>&1; then
    tail -n 40 "$build_log" >&2
    echo "bootstrap: build failed (full log: $build_log)" >&2
    exit 1
fi
MOONGATE_BIN="$(swift build --package-path "$root" --show-bin-path)/moongate"
[ -x "$MOONGATE_BIN" ] || { echo "bootstrap: build failed (run 'swift build' to see why)" >&2; exit 1; }
export MOONGATE_BIN
