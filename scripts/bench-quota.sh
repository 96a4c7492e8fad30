#!/usr/bin/env bash
# Benchmark: finishing a job at the service's quota. Against `moongate emulator --quota
# 'DeleteBackend=50,DescribeBackendList=20'` seeded with N backends (default 1000), delete them all:
#   moongate   moongate.cleanup at parallel 64 (the client learns the quota from the throttles)
#   sdk        the official Python SDK with its defaults (one thread, no retry of an error answer)
#   sdk-pool   the SDK with 64 threads and its own retry options (autoretry, 5 attempts)
# Each gets a fresh emulator. Reported: wall time against the floor (N ÷ 50 s), failed deletes, throttled
# answers. Target: moongate ≤ 1.15 × the floor with 0 failed.
# Also the emulator itself: signed DescribeBackendInfo calls/s served to 64 concurrent callers (moongate
# as the client), and its start time to the first answered request.
#
#   scripts/bench-quota.sh [N] [release|debug]       (default 1000 backends, release build)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
count="${1:-1000}"
config="${2:-release}"
cd "$root"
source "$root/scripts/dev/bench-binary.sh"
build_bench_binary "$root" "$config"
venv="$root/.build/conformance/venv"
source "$root/scripts/dev/start-emulator.sh"
ensure_sdk_venv "$venv"

work="$(mktemp -d)"; trap 'stop_emulators; rm -rf "$work"' EXIT
python3 - "$count" > "$work/seed.json" <<'PY'
import json, sys
n = int(sys.argv[1])
print(json.dumps({"Backends": [{"BackendId": f"{i:032x}", "BackendName": f"bench-{i:05d}", "BackendType": "HTTP"}
                               for i in range(1, n + 1)]}))
PY
key_id="bench-key"; secret="bench-secret-$RANDOM$RANDOM"
export ALIBABA_CLOUD_ACCESS_KEY_ID="$key_id" ALIBABA_CLOUD_ACCESS_KEY_SECRET="$secret" ALIBABA_CLOUD_REGION_ID=cn-hangzhou
quota="DeleteBackend=50,DescribeBackendList=20"
now() { date +%s.%N; }
fresh_emulator() { start_emulator "$bin" --access-key-id "$key_id" --access-key-secret "$secret" --seed "$work/seed.json" "$@"; }

fresh_emulator --quota "$quota"
t0=$(now)
"$bin" run --endpoint "http://127.0.0.1:$emulator_port" --audit "$work/audit.jsonl" -p count="$count" \
    scripts/bench/moongate_cleanup.lua > "$work/moongate.out"
mg_wall=$(python3 -c "print(f'{$(now) - $t0:.1f}')")
read -r mg_done mg_failed < <(sed -n 's/^RESULT //p' "$work/moongate.out")
mg_throttled=$(python3 - "$work/audit.jsonl" <<'PY'
import json, sys
print(sum(json.loads(line).get("throttled", 0) for line in open(sys.argv[1])))
PY
)

sdk_run() {  # MODE → "wall deleted failed throttled"
  fresh_emulator --quota "$quota"
  local t0; t0=$(now)
  local out; out=$("$venv/bin/python" scripts/bench/sdk_cleanup.py "$emulator_port" "$key_id" "$secret" "$1")
  echo "$(python3 -c "print(f'{$(now) - $t0:.1f}')") $out"
}
read -r sdk_wall sdk_done sdk_failed sdk_throttled < <(sdk_run defaults)
read -r pool_wall pool_done pool_failed pool_throttled < <(sdk_run pool64)

floor=$(python3 -c "print(f'{$count / 50:.1f}')")
echo "quota $quota; $count backends; floor $floor s (N ÷ 50/s)"
printf '  %-34s %7s s  %5s× floor  deleted %5s  failed %5s  throttled answers %6s\n' \
  "moongate cleanup, parallel 64" "$mg_wall" "$(python3 -c "print(f'{$mg_wall / $floor:.2f}')")" "$mg_done" "$mg_failed" "$mg_throttled" \
  "python SDK, defaults" "$sdk_wall" "$(python3 -c "print(f'{$sdk_wall / $floor:.2f}')")" "$sdk_done" "$sdk_failed" "$sdk_throttled" \
  "python SDK, 64 threads + retries" "$pool_wall" "$(python3 -c "print(f'{$pool_wall / $floor:.2f}')")" "$pool_done" "$pool_failed" "$pool_throttled"

# The emulator itself: throughput to 64 concurrent callers, and start time to the first answer.
fresh_emulator
read -r served served_failed < <("$bin" run --endpoint "http://127.0.0.1:$emulator_port" -p count=5000 -p id="$(printf '%032x' 1)" \
    scripts/bench/moongate_describe.lua | sed -n 's/^RESULT //p')
starts=()
for _ in 1 2 3 4 5; do
  port=$(python3 -c "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1]); s.close()")
  t0=$(now)
  "$bin" emulator --port "$port" > /dev/null 2>&1 &
  pid=$!
  until curl -s -o /dev/null "http://127.0.0.1:$port/"; do sleep 0.002; done
  starts+=("$(python3 -c "print(f'{($(now) - $t0) * 1000:.0f}')")")
  kill "$pid"; wait "$pid" 2>/dev/null || true
done
echo "emulator: $served signed DescribeBackendInfo calls/s to 64 concurrent callers (failed $served_failed; moongate is the client)"
echo "emulator: start to first answer, ms: ${starts[*]} (median $(printf '%s\n' "${starts[@]}" | sort -n | sed -n 3p))"
