#!/usr/bin/env bash
# Benchmark: the client's own cost per call, with the server taken out of the picture. A throwaway nginx on
# loopback answers every request with the same DescribeBackendInfo reply (kept-alive connections); Moongate
# (sequential and moongate.parallel at limit 64), the official Python SDK (sequential and 64 threads), a
# minimal C client on libcurl's multi interface (the floor this design can reach) and wrk call it in turn.
# Reports client CPU per call (user+sys ÷ calls), calls/s, and the ratios against the targets.
#
#   scripts/bench-client.sh [N]       (default 20000 calls per client, release build)
#   MOONGATE_BIN=/path/to/moongate scripts/bench-client.sh   measures that binary instead of building one
# Ratios are what to quote: these machines are noisy, absolute numbers drift between runs.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
count="${1:-20000}"
here="$root/scripts/bench/client"
cd "$root"

if [[ -n "${MOONGATE_BIN:-}" ]]; then
    bin="$MOONGATE_BIN"   # a build made elsewhere (say, before a change, to compare)
else
    source "$root/scripts/dev/bench-binary.sh"
    build_bench_binary "$root" release
fi

source "$root/scripts/dev/start-emulator.sh"   # ensure_sdk_venv
venv="$root/.build/conformance/venv"
ensure_sdk_venv "$venv"

work="$(mktemp -d)"
nginx_pid=""
cleanup() { [[ -n "$nginx_pid" ]] && kill "$nginx_pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

gcc -O2 -Wall -o "$work/curl_client" "$here/curl_client.c" -lcurl

port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
body="$(tr -d '\n' < "$here/backend-info.json")"
sed -e "s|@DIR@|$work|g" -e "s|@PORT@|$port|g" -e "s|@BODY@|$body|" "$here/nginx.conf.template" > "$work/nginx.conf"
nginx -p "$work" -c "$work/nginx.conf" 2>"$work/nginx.stderr" &
nginx_pid=$!
for _ in $(seq 100); do
    curl -fsS -o /dev/null "http://127.0.0.1:$port/" 2>/dev/null && break
    kill -0 "$nginx_pid" 2>/dev/null || { cat "$work/nginx.stderr" >&2; exit 1; }
    sleep 0.05
done

python3 "$here/report.py" "$port" "$count" "$bin" "$venv/bin/python" "$work/curl_client"
