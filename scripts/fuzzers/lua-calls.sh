#!/usr/bin/env bash
# The Lua-level fuzz: CALLS random argument tables (default 100,000) at every client method and stdlib entry
# point, in 10 `moongate run --emulator` processes with different seeds. Every process must exit 0 by itself
# (1 or 64 are acceptable script endings too); a signal or --timeout (124) is a finding.
set -uo pipefail
cd "$(dirname "$0")/../.."
calls=${1:-100000}
processes=10
per=$(( (calls + processes - 1) / processes ))
bin=${MOONGATE_BIN:-.build/debug/moongate}
[ -x "$bin" ] || swift build --product moongate >/dev/null
methods=$("$bin" describe | awk 'NR > 1 { print $2 }')
out=.build/fuzz/lua-calls
mkdir -p "$out"
failed=0 total=0
for seed in $(seq 1 $processes); do
    "$bin" run --emulator --timeout 900 --log-format json scripts/fuzzers/random-calls.lua "$seed" "$per" $methods \
        > "$out/$seed.stdout" 2> "$out/$seed.stderr"
    status=$?
    total=$((total + per))
    case $status in
        0|1|64) ;;
        *) failed=1; echo "lua-calls: seed $seed exited $status"; tail -5 "$out/$seed.stderr" ;;
    esac
done
summary=$(grep -h "^seed" "$out"/*.stderr | awk '{ c += $3; r += $5; e += $7 } END { printf "%d calls, %d returned, %d raised", c, r, e }')
printf '%-17s %s  %s in %d processes (seeds 1-%d)\n' lua-calls "$([ $failed = 0 ] && echo ok || echo FAIL)" "$summary" "$processes" "$processes"
exit $failed
