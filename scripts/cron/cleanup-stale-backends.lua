-- cleanup-stale-backends: the nightly job deleting our temporary backends (tmp-*) after a week.
--
-- crontab (see crontab.example): an flock so runs never overlap, JSON lines to the log, an audit log:
--   17 3 * * * cd /srv/moongate && moongate run --lock /run/lock/moongate/cleanup-stale-backends.lock \
--     --audit /var/log/moongate/audit.jsonl --lib scripts/lib scripts/cron/cleanup-stale-backends.lua \
--     >> /var/log/moongate/cleanup-stale-backends.log 2>&1
--
-- Try it on the emulator (backends there are minutes old, hence older_than=0s):
--   moongate run --emulator --emulator-seed scripts/cron/demo-seed.json --lib scripts/lib \
--       -p older_than=0s [--dry-run] scripts/cron/cleanup-stale-backends.lua
--
-- Params: older_than (default 7d), keep (default: keep-backends.txt beside this script),
-- max_delete (default 20: a larger selection deletes nothing and exits 1).
local backends = require "team.backends"

local here = arg[0]:match("^(.*)/[^/]*$") or "."

-- A mistyped -p max_delete=2O must stop the job, not fall back to the default.
local max_delete = math.tointeger(tonumber(params.max_delete or "20"))
if not max_delete then
  require("moongate.host").usage_error("cleanup-stale-backends: -p max_delete: expected a whole number (got "
    .. tostring(params.max_delete) .. ")")
end

local summary = backends.cleanup_stale{
  older_than = params.older_than or "7d",
  keep = params.keep or (here .. "/keep-backends.txt"),
  max_delete = max_delete,
}
print(string.format("selected %d, deleted %d, already gone %d, kept %d, skipped %d",
                    summary.selected, summary.deleted, summary.gone, summary.kept, summary.skipped))
