#!/usr/bin/env bash
# Conformance: the official Python SDK (alibabacloud-cloudapi20160714 4.9.0) and Moongate's example scripts
# against `moongate emulator`, over HTTP and over HTTPS (a throwaway CA made with openssl); then the official
# alibabacloud-credentials package (the SDK's dependency) assumes a role at the emulator's STS over HTTPS.
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
seed="$root/scripts/examples/emulator-seed.json"
certs="$(mktemp -d)"
make_throwaway_ca "$certs"

# Moongate's own side: the example scripts, end to end, signed with the same key.
moongate_examples() {  # ENDPOINT [run options...]
    local endpoint="$1"; shift
    local script output name
    for script in backend-lifecycle product-attach-detach; do
        name="moongate $script (${endpoint%%:*})"
        if output="$(ALIBABA_CLOUD_ACCESS_KEY_ID="$key_id" ALIBABA_CLOUD_ACCESS_KEY_SECRET="$secret" \
                "$bin" run --region cn-hangzhou --endpoint "$endpoint" "$@" "$root/scripts/examples/$script.lua" 2>&1)"; then
            echo "ok   $name"; echo "$output" | tail -n 3 | sed "s/^/     /"
        else
            echo "FAIL $name:"; echo "$output" | tail -n 60; failures=$((failures + 1))
        fi
    done
}

failures=0
start_emulator "$bin" --seed "$seed" --access-key-id "$key_id" --access-key-secret "$secret"
"$venv/bin/python" "$root/scripts/conformance/sdk_conformance.py" "$emulator_port" "$key_id" "$secret" || failures=$((failures + 1))
moongate_examples "http://127.0.0.1:$emulator_port"

# The same over HTTPS, verified against a throwaway CA (nothing is trusted by default).
start_emulator "$bin" --seed "$seed" --access-key-id "$key_id" --access-key-secret "$secret" \
    --tls-cert "$certs/server.pem" --tls-key "$certs/server-key.pem"
"$venv/bin/python" "$root/scripts/conformance/sdk_conformance.py" "$emulator_port" "$key_id" "$secret" "$certs/ca.pem" \
    || failures=$((failures + 1))
moongate_examples "https://127.0.0.1:$emulator_port" --ca-bundle "$certs/ca.pem"
# The official credentials package assumes a role at the emulator's STS; the SDK then calls with it.
SSL_CERT_FILE="$certs/ca.pem" "$venv/bin/python" "$root/scripts/conformance/credentials_peer.py" \
    "$emulator_port" "$key_id" "$secret" "$certs/ca.pem" || failures=$((failures + 1))
# Moongate's side of the same: a ram_role_arn credentials.ini, STS over HTTPS with --ca-bundle.
home="$(mktemp -d)"; mkdir -p "$home/.alibabacloud"
printf '[default]\ntype = ram_role_arn\naccess_key_id = %s\naccess_key_secret = %s\nrole_arn = %s\n' \
    "$key_id" "$secret" "acs:ram::1234567890123456:role/ops" > "$home/.alibabacloud/credentials.ini"
if who="$(env -u ALIBABA_CLOUD_ACCESS_KEY_ID -u ALIBABA_CLOUD_ACCESS_KEY_SECRET HOME="$home" \
        ALIBABA_CLOUD_ECS_METADATA_DISABLED=true ALIBABA_CLOUD_STS_ENDPOINT="https://127.0.0.1:$emulator_port" \
        "$bin" whoami --region cn-hangzhou --ca-bundle "$certs/ca.pem" 2>&1)" \
        && grep -q "assumed-role/ops/" <<<"$who" && ! grep -q -- "$secret" <<<"$who"; then
    echo "ok   moongate whoami with a ram_role_arn profile (https)"; grep "arn " <<<"$who" | sed "s/^/     /"
else
    echo "FAIL moongate whoami with a ram_role_arn profile (https):"; echo "$who"; failures=$((failures + 1))
fi
rm -rf "$home"
rm -rf "$certs"

[ "$failures" = 0 ] || { echo "conformance: $failures failed" >&2; exit 1; }
