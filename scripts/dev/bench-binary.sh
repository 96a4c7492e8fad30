# Sourced by the benchmark scripts: builds moongate for benchmarking and sets `bin` to it.
#
#   source "$root/scripts/dev/bench-binary.sh"
#   build_bench_binary "$root" release        # sets bin
#
# A build folder of its own (.build-bench), so a release build never waits on (or evicts) the debug one.

build_bench_binary() {  # ROOT CONFIG
    local scratch="$1/.build-bench" config="$2"
    echo "bench: building moongate ($config; the first release build takes several minutes)…" >&2
    swift build -c "$config" --scratch-path "$scratch" --product moongate >/dev/null
    bin="$(swift build -c "$config" --scratch-path "$scratch" --show-bin-path)/moongate"
}
