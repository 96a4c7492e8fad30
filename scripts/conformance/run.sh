#!/usr/bin/env bash
# Conformance: the official Python SDK (alibabacloud-cloudapi20160714 4.9.0) against `moongate emulator`.
#
#   scripts/conformance/run.sh                     # builds moongate if needed
#   scripts/conformance/run.sh /path/to/moongate   # or MOONGATE_BIN=/path/to/moongate
# Prints one line per check and `conformance: N passed, M failed`.
#
# The virtual environment is cached in .build/conformance/venv (delete it to reinstall). Needs python3
# with venv and access to PyPI on the first run. Exits non-zero on any failure.
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
venv="$root/.build/conformance/venv"
sdk="alibabacloud-cloudapi20160714==4.9.0"

if [[ ! -x "$venv/bin/python" ]] || ! "$venv/bin/python" -c "import alibabacloud_cloudapi20160714" 2>/dev/null; then
    echo "conformance: creating $venv and installing $sdk"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet "$sdk"
fi

bin="${1:-${MOONGATE_BIN:-}}"
if [[ -z "$bin" ]]; then
    (cd "$root" && swift build --product moongate 2>&1 | tail -1)
    bin="$root/.build/debug/moongate"
fi

key_id="conformance-key"
secret="conformance-secret-$RANDOM$RANDOM"
log="$(mktemp)"
"$bin" emulator --port 0 --seed "$root/scripts/examples/emulator-seed.json" \
    --access-key-id "$key_id" --access-key-secret "$secret" >"$log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -f "$log"' EXIT

port=""
for _ in $(seq 1 100); do
    port="$(sed -n 's#.*listening on http://[^:]*:\([0-9]*\).*#\1#p' "$log" | head -1)"
    [[ -n "$port" ]] && break
    kill -0 "$pid" 2>/dev/null || { echo "conformance: emulator exited"; cat "$log"; exit 1; }
    sleep 0.1
done
if [[ -z "$port" ]]; then echo "conformance: emulator did not start"; cat "$log"; exit 1; fi

"$venv/bin/python" "$root/scripts/conformance/sdk_conformance.py" "$port" "$key_id" "$secret"
