#!/usr/bin/env bash
# apply-cleanup.sh: step 2 of the reviewed nightly cleanup (step 1: plan-cleanup.sh). Applies the newest
# plan that has an approval (PLAN.approved holding the digest line of the plan file as it is now) and
# was not applied yet, with `moongate run --approved`: only the approved deletions are made; anything
# else is refused (exit 65) and audited. No approved plan: nothing runs, exit 0.
#
# An approval whose digest no longer matches the plan file (edited after review) is refused, exit 64.
# After a run, PLAN.applied holds its exit status, so a plan is applied once. Extra arguments go to
# `moongate run` (the same ones the plan was made with: -p, --endpoint…; a difference is refused).
# Environment: MOONGATE, MOONGATE_STATE as for plan-cleanup.sh.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
moongate="${MOONGATE:-moongate}"
state="${MOONGATE_STATE:-/var/lib/moongate}"

plan=""
for approval in $(ls -1 "$state"/plans/*.approved 2>/dev/null | sort -r); do
    candidate="${approval%.approved}.jsonl"
    if [[ -f "$candidate" && ! -f "${candidate%.jsonl}.applied" ]]; then plan="$candidate"; break; fi
done
if [[ -z "$plan" ]]; then
    echo "apply-cleanup: no approved plan waiting in $state/plans; nothing to do"
    exit 0
fi
if [[ "$("$moongate" plan show --digest "$plan")" != "$(head -n 1 "${plan%.jsonl}.approved")" ]]; then
    echo "apply-cleanup: $plan: its digest is not the approved one (${plan%.jsonl}.approved): the plan changed after review; nothing was run" >&2
    exit 64
fi

status=0
"$moongate" run --approved "$plan" --lock "$state/cleanup.lock" --audit "$state/audit.jsonl" \
    --lib "$here/../lib" "$@" "$here/cleanup-stale-backends.lua" || status=$?
echo "$status" > "${plan%.jsonl}.applied"
exit "$status"
