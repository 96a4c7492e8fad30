#!/usr/bin/env bash
# Benchmark: Moongate against the official Python SDK, side by side in one run, on the same emulator.
#   calls per second: N DescribeBackendList calls, sequential (both) and parallel (Moongate, limit 16)
#   cold start: `moongate run` of an empty script vs `python -c "import <the SDK client>"`
#
#   scripts/bench-calls.sh [N] [release|debug]      (default 2000 calls, release build)
#   BASELINE_BIN=/path/to/older/moongate scripts/bench-calls.sh   also runs the calls with an older
#       build right after, on the same emulator, so a change is measured before/after in one run
# Ratios are what to quote: these machines are noisy, absolute numbers drift between runs.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
count="${1:-2000}"
config="${2:-release}"
cd "$root"

source "$root/scripts/dev/bench-binary.sh"
build_bench_binary "$root" "$config"

venv="$root/.build/conformance/venv"
source "$root/scripts/dev/start-emulator.sh"
ensure_sdk_venv "$venv"

key_id="bench-key"; secret="bench-secret-$RANDOM$RANDOM"
start_emulator "$bin" --access-key-id "$key_id" --access-key-secret "$secret"
port="$emulator_port"

export ALIBABA_CLOUD_ACCESS_KEY_ID="$key_id" ALIBABA_CLOUD_ACCESS_KEY_SECRET="$secret" ALIBABA_CLOUD_REGION_ID=cn-hangzhou
mg() { "$bin" run --endpoint "http://127.0.0.1:$port" "$@"; }

sdk_seq="$("$venv/bin/python" scripts/bench/sdk_calls.py "$port" "$key_id" "$secret" "$count")"
mg_seq="$(mg scripts/bench/moongate_calls.lua "$count" sequential)"
mg_par="$(mg scripts/bench/moongate_calls.lua "$count" parallel)"
if [[ -n "${BASELINE_BIN:-}" ]]; then
    base() { "$BASELINE_BIN" run --endpoint "http://127.0.0.1:$port" "$@"; }
    base_seq="$(base scripts/bench/moongate_calls.lua "$count" sequential)"
    base_par="$(base scripts/bench/moongate_calls.lua "$count" parallel)"
fi

empty="$(mktemp --suffix=.lua)"; echo 'return 0' > "$empty"
time_runs() {  # median wall time in ms of 11 runs of "$@"
    python3 - "$@" <<'PY'
import subprocess, sys, time, statistics
times = []
for _ in range(11):
    t = time.perf_counter(); subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL); times.append(time.perf_counter() - t)
print(f"{statistics.median(times) * 1000:.1f}")
PY
}
mg_cold="$(time_runs "$bin" run "$empty")"
py_cold="$(time_runs "$venv/bin/python" -c "import alibabacloud_cloudapi20160714.client")"
rm -f "$empty"

ratio() { python3 -c "print(f'{float($1) / float($2):.2f}')"; }
cat <<EOF2
bench-calls: $count DescribeBackendList calls on one emulator (moongate $config build, V3 signatures)
  calls/s   python SDK sequential  $sdk_seq
  calls/s   moongate sequential    $mg_seq   (x$(ratio "$mg_seq" "$sdk_seq") the SDK)
  calls/s   moongate parallel(16)  $mg_par   (x$(ratio "$mg_par" "$sdk_seq") the SDK)
  cold ms   python import SDK      $py_cold
  cold ms   moongate run empty     $mg_cold   ($(ratio "$mg_cold" "$py_cold") of the SDK's import)
EOF2
if [[ -n "${BASELINE_BIN:-}" ]]; then
    cat <<EOF2
  calls/s   baseline sequential    $base_seq   (this build x$(ratio "$mg_seq" "$base_seq") the baseline)
  calls/s   baseline parallel(16)  $base_par   (this build x$(ratio "$mg_par" "$base_par") the baseline)
EOF2
fi
