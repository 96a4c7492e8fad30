#!/usr/bin/env bash
# Binary size and cold start (`moongate run empty.lua`, and `moongate version`) of moongate builds side by
# side in one run: the developer build (debug, the toolchain's Swift libraries linked dynamically) against
# the packaged one (release, Swift runtime static, stripped: what scripts/package puts in the .deb).
#
#   scripts/bench-startup.sh                 the two builds above (runs scripts/package if dist/ has no .deb)
#   scripts/bench-startup.sh BIN [BIN...]    these binaries
#
# hyperfine runs each command without a shell (-N) after warm-up runs; a noisy machine shows in ± and
# in the min … max range, so compare builds within one run only.
set -euo pipefail
cd "$(dirname "$0")/.."
BOOTSTRAP_BUILD=0 source scripts/bootstrap.sh

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
binaries=("$@")
if [ ${#binaries[@]} -eq 0 ]; then
    swift build --product moongate >/dev/null 2>&1
    deb="$(ls -t dist/moongate_*.deb 2>/dev/null | head -n 1 || true)"
    [ -n "$deb" ] || { scripts/package >&2; deb="$(ls -t dist/moongate_*.deb | head -n 1)"; }
    dpkg-deb -x "$deb" "$work/deb"
    cp .build/debug/moongate "$work/moongate-debug-dynamic"
    cp "$work/deb/usr/bin/moongate" "$work/moongate-packaged"
    binaries=("$work/moongate-debug-dynamic" "$work/moongate-packaged")
fi
: > "$work/empty.lua"

printf '%-28s %12s %10s %s\n' build bytes MiB "shared libraries"
for bin in "${binaries[@]}"; do
    size=$(stat -L -c %s "$bin")
    libs=$(ldd "$bin" | grep -c "=>" || true)
    swift_libs=$(ldd "$bin" | grep -c "swift" || true)
    printf '%-28s %12d %10.1f %s (%s from the Swift toolchain)\n' "$(basename "$bin")" "$size" \
        "$(echo "$size / 1048576" | bc -l)" "$libs" "$swift_libs"
done
echo
commands=()
for bin in "${binaries[@]}"; do commands+=("$bin run $work/empty.lua"); done
for bin in "${binaries[@]}"; do commands+=("$bin version"); done
hyperfine -N --warmup 20 --runs "${RUNS:-300}" --style basic "${commands[@]}" 2>&1 | grep -vE "^\s*$|Warning"
