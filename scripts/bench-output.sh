#!/usr/bin/env bash
# Benchmark: what masking known secrets costs on a script's output. Every byte a script writes to
# stdout/stderr passes through a pipe and SecretMask before it reaches the terminal or file. Side by
# side in one run, the same script printing N lines of ~80 bytes to a file:
#   none      no secret known (the pipe and scan still run: the floor of the design)
#   secrets   8 secrets declared (40 forms to look for), one line in ten holding one
#   sed       the same text through `sed` replacing the 8 secrets (what a CI log masker does)
#
#   scripts/bench-output.sh [N] [release|debug]      (default 200000 lines, release build)
# Quote the ratios: these machines are noisy.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
lines="${1:-200000}"
config="${2:-release}"
cd "$root"
source "$root/scripts/dev/bench-binary.sh"
build_bench_binary "$root" "$config"

work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
cat > "$work/print.lua" <<'LUA'
local n, declare = tonumber(arg[1]), arg[2] == "secrets"
local secrets = {}
for i = 1, 8 do
  secrets[i] = "bench-secret-" .. i .. "-0123456789abcdef"
  if declare then moongate.secret(secrets[i]) end
end
local filler = string.rep("x", 40)
for i = 1, n do
  if i % 10 == 0 then
    print(("line %d token=%s %s"):format(i, secrets[i % 8 + 1], filler))
  else
    print(("line %d backend b-%08d status ok %s"):format(i, i, filler))
  end
end
LUA

cpu() {  # user+sys seconds of a command, its output to a file
  local out="$1"; shift
  /usr/bin/time -f "%U %S" -o "$work/time" "$@" > "$out"
  awk '{ printf "%.3f", $1 + $2 }' "$work/time"
}
none=$(cpu "$work/none.txt" "$bin" run "$work/print.lua" "$lines" none)
masked=$(cpu "$work/masked.txt" "$bin" run "$work/print.lua" "$lines" secrets)
expr=""; for i in 1 2 3 4 5 6 7 8; do expr="$expr;s/bench-secret-$i-0123456789abcdef/***/g"; done
sed_cpu=$(cpu "$work/sed.txt" sed -e "${expr#;}" "$work/none.txt")
leaks=$(grep -c "bench-secret" "$work/masked.txt" || true)
same=$(cmp -s "$work/masked.txt" "$work/sed.txt" && echo yes || echo no)
mb=$(awk -v b="$(stat -c %s "$work/none.txt")" 'BEGIN { printf "%.1f", b / 1048576 }')
echo "output: $lines lines ($mb MB), CPU seconds (user+sys):"
echo "  moongate, no secret known   $none"
echo "  moongate, 8 secrets masked  $masked   (secrets left in the output: $leaks; same text as sed: $same)"
echo "  sed masking the same text   $sed_cpu"
awk -v n="$none" -v m="$masked" -v s="$sed_cpu" -v l="$lines" 'BEGIN {
  printf "  masking costs %.2f µs per line over no secrets; masked ÷ unmasked = %.2f\n", (m - n) * 1e6 / l, m / n
  if (s > 0) printf "  masking alone (masked - none) ÷ sed = %.2f\n", (m - n) / s }'
