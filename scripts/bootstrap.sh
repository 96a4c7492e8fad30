#!/usr/bin/env bash
# Set-up shared by the README's commands: installs what a fresh Debian machine lacks, then builds.
# Sourced, not run: leaves MOONGATE_BIN pointing at the built binary.
#
# Every Debian package that the build, a test, a benchmark or the conformance run uses is listed here,
# once, each with the file or command that proves it is present (not only `pkg-config`): whatever is
# missing is installed with one `apt-get install`. A test that still finds a program absent says which
# package to install (Tests/Support/RequiredProgram.swift).
set -euo pipefail

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# package            what must exist afterwards (a path, `cmd:NAME` on PATH, `py:MODULE`, `pc:PKG-CONFIG-NAME`)
bootstrap_packages=(
    "pkg-config         cmd:pkg-config"                  # build: finds liblua5.4 and libcurl
    "git                /usr/bin/git"                    # build: the commit in `moongate version`; tests compare it
    "liblua5.4-dev      /usr/include/lua5.4/lua.h"       # build: CLua (Lua 5.4 headers and library)
    "libsqlite3-dev     /usr/include/sqlite3.h"          # build: GRDB (the emulator's state)
    "bsdutils           /usr/bin/script"                 # tests: a real terminal for confirmation prompts
    "util-linux         /usr/bin/taskset"                # tests: a run pinned to one CPU
    "python3-venv       py:ensurepip"                    # conformance, benchmarks: the official Python SDK
    "libcurl4-openssl-dev pc:libcurl"                  # build: CCurl (the HTTP transport)
    "openssl            cmd:openssl"                     # tests: a throwaway CA and certificates for TLS
    "tinyproxy          /usr/bin/tinyproxy"              # tests: a real forward proxy
    "nginx-light        /usr/sbin/nginx"                 # benchmark: the canned loopback server
    "wrk                cmd:wrk"                         # benchmark: the HTTP load-generator peer
    "perl               cmd:prove"                       # tests: TAP::Harness reads `moongate test --tap`
    "dpkg-dev           cmd:dpkg-shlibdeps"              # scripts/package: the .deb's Depends
    "debootstrap        /usr/sbin/debootstrap"           # scripts/package --verify: a clean Debian to install into
    "hyperfine          cmd:hyperfine"                   # benchmark: cold start of builds side by side
    "bc                 cmd:bc"                          # benchmarks: ratios
)

bootstrap_present() {  # CHECK
    case "$1" in
        cmd:*) command -v "${1#cmd:}" >/dev/null 2>&1 ;;
        py:*) python3 -c "import ${1#py:}" >/dev/null 2>&1 ;;
        pc:*) command -v pkg-config >/dev/null 2>&1 && pkg-config --exists "${1#pc:}" ;;
        *) [ -e "$1" ] ;;
    esac
}

bootstrap_missing() {  # sets need_apt to the packages whose check fails
    need_apt=()
    local entry package check
    for entry in "${bootstrap_packages[@]}"; do
        read -r package check <<<"$entry"
        bootstrap_present "$check" || need_apt+=("$package")
    done
}

bootstrap_missing
if [ ${#need_apt[@]} -gt 0 ]; then
    echo "bootstrap: installing ${need_apt[*]} with apt-get" >&2
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
    bootstrap_missing
    [ ${#need_apt[@]} -eq 0 ] || { echo "bootstrap: ${need_apt[*]} installed, but what they provide is still missing" >&2; exit 1; }
fi

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[ "${BOOTSTRAP_BUILD:-1}" = 1 ] || return 0   # BOOTSTRAP_BUILD=0: the packages only (scripts/package builds its own)
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
