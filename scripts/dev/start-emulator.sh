# Sourced by scripts that drive a `moongate emulator` process (conformance, bench-calls):
#
#   source "$root/scripts/dev/start-emulator.sh"
#   start_emulator "$bin" --access-key-id "$key_id" --access-key-secret "$secret"   # sets emulator_port
#   ensure_sdk_venv "$venv"                   # the official Python SDK, cached in a virtual environment
#
#   make_throwaway_ca "$dir"                  # openssl: a CA and a server certificate, for an HTTPS emulator
#
# start_emulator runs the emulator on a free port (--port 0), reads the port from its banner
# ("listening on http(s)://127.0.0.1:PORT") and stops it when the calling script exits.

sdk_package="alibabacloud-cloudapi20160714==4.9.0"

ensure_sdk_venv() {  # VENV_DIR
    local venv="$1"
    if [[ ! -x "$venv/bin/python" ]] || ! "$venv/bin/python" -c "import alibabacloud_cloudapi20160714" 2>/dev/null; then
        echo "creating $venv and installing $sdk_package" >&2
        if ! python3 -m venv "$venv" 2>/dev/null; then
            # Debian's own python3 keeps venv in a separate package.
            echo "installing python3-venv with apt-get" >&2
            if [ "$(id -u)" = 0 ]; then apt-get install -y -qq python3-venv >/dev/null; else sudo apt-get install -y -qq python3-venv >/dev/null; fi
            rm -rf "$venv"
            python3 -m venv "$venv"
        fi
        "$venv/bin/pip" install --quiet "$sdk_package"
    fi
}

emulator_pids=(); emulator_logs=()
stop_emulators() {
    local pid
    for pid in "${emulator_pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
    rm -f "${emulator_logs[@]}"
}

start_emulator() {  # MOONGATE_BIN [emulator options...]   (may be called more than once: all are stopped at exit)
    local bin="$1"; shift
    emulator_log="$(mktemp)"
    "$bin" emulator --port 0 "$@" >"$emulator_log" 2>&1 &
    emulator_pid=$!
    emulator_pids+=("$emulator_pid"); emulator_logs+=("$emulator_log")
    trap stop_emulators EXIT
    emulator_port=""
    for _ in $(seq 1 100); do
        emulator_port="$(sed -n 's#.*listening on https\?://[^:]*:\([0-9]*\).*#\1#p' "$emulator_log" | head -1)"
        [[ -n "$emulator_port" ]] && return 0
        kill -0 "$emulator_pid" 2>/dev/null || { echo "emulator exited:" >&2; cat "$emulator_log" >&2; return 1; }
        sleep 0.1
    done
    echo "emulator did not start:" >&2; cat "$emulator_log" >&2
    return 1
}

make_throwaway_ca() {  # DIR: DIR/ca.pem (to trust), DIR/server.pem + DIR/server-key.pem (for 127.0.0.1, localhost)
    local dir="$1"
    printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n' >"$dir/server.ext"
    openssl req -x509 -newkey rsa:2048 -nodes -keyout "$dir/ca-key.pem" -out "$dir/ca.pem" -days 2 \
        -subj "/CN=Moongate throwaway CA" 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -keyout "$dir/server-key.pem" -out "$dir/server.csr" -subj "/CN=127.0.0.1" 2>/dev/null
    openssl x509 -req -in "$dir/server.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca-key.pem" -CAcreateserial \
        -out "$dir/server.pem" -days 2 -extfile "$dir/server.ext" 2>/dev/null
}
