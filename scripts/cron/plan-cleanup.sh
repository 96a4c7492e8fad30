#!/usr/bin/env bash
# plan-cleanup.sh: step 1 of the reviewed nightly cleanup. A dry run of cleanup-stale-backends.lua writes
# tonight's plan and its digest; nothing is deleted. A reviewer reads it (`moongate plan show PLAN`) and
# approves it by writing the digest line into PLAN.approved:
#
#   moongate plan show "$MOONGATE_STATE/plans/cleanup-20261207.jsonl"            # review
#   cp "$MOONGATE_STATE/plans/cleanup-20261207.digest" "$MOONGATE_STATE/plans/cleanup-20261207.approved"
#
# apply-cleanup.sh (step 2) then deletes exactly what was approved. Extra arguments go to `moongate run`
# (e.g. --endpoint, -p older_than=3d). Environment: MOONGATE (the binary, default moongate),
# MOONGATE_STATE (plans, audit and lock, default /var/lib/moongate), MOONGATE_PLAN_NAME (default
# cleanup-YYYYMMDD, today's date).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
moongate="${MOONGATE:-moongate}"
state="${MOONGATE_STATE:-/var/lib/moongate}"
name="${MOONGATE_PLAN_NAME:-cleanup-$(date -u +%Y%m%d)}"
mkdir -p "$state/plans"
plan="$state/plans/$name.jsonl"

"$moongate" run --dry-run --plan "$plan" --lock "$state/cleanup.lock" --lib "$here/../lib" "$@" \
    "$here/cleanup-stale-backends.lua"
"$moongate" plan show --digest "$plan" > "$state/plans/$name.digest"
echo "plan written: $plan; review it with: $moongate plan show $plan"
echo "approve it with: cp $state/plans/$name.digest $state/plans/$name.approved"
