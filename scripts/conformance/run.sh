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
source "$root/scripts/dev/start-emulator.sh"
ensure_sdk_venv "$venv"

bin="${1:-${MOONGATE_BIN:-}}"
if [[ -z "$bin" ]]; then
    (cd "$root" && swift build --product moongate 2>&1 | tail -1)
    bin="$root/.build/debug/moongate"
fi

key_id="conformance-key"
secret="conformance-secret-$RANDOM$RANDOM"
start_emulator "$bin" --seed "$root/scripts/examples/emulator-seed.json" \
    --access-key-id "$key_id" --access-key-secret "$secret"

"$venv/bin/python" "$root/scripts/conformance/sdk_conformance.py" "$emulator_port" "$key_id" "$secret"
