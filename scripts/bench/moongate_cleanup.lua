-- The Moongate side of scripts/bench-quota.sh: delete every backend named bench-… with moongate.cleanup
-- at `parallel` 64 (the client learns the quota from the emulator's throttles). Its table goes to
-- stdout; the last line, "RESULT <done> <failed>", is for the shell.
local cleanup = require "moongate.cleanup"
local count = tonumber(params.count or "1000")
local result = cleanup.backends{ name = "^bench%-", max_delete = count, parallel = 64 }
print(("RESULT %d %d"):format(result.deleted + result.gone, result.failed))
