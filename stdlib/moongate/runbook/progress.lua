-- moongate.runbook.progress: what a runbook shows while it runs, on stdout.
--
-- Text (a terminal, or --log-format text):
--   rotate-backend: 5 steps (backend=b-1)
--   [2/5] create new model … ok (120 ms)
--   [3/5] switch traffic … FAILED (40 ms)
--         rotate.lua:31: NotFoundBackend: ...
--   [undo 2/5] create new model … ok (35 ms)
-- JSON lines (stdout piped, or --log-format json), one object per event:
--   {"event":"step","index":2,"ms":120,"name":"create new model","runbook":"rotate-backend","status":"ok","steps":5,"time":"..."}

local json = require "moongate.json"
local redact = require "moongate.redact"

local P = {}
P.__index = P

function P.new(runbook, total, format)
  return setmetatable({ runbook = runbook, total = total, json = format == "json", out = io.stdout }, P)
end

function P:emit(event, fields)
  fields.event, fields.runbook, fields.time = event, self.runbook, os.date("!%Y-%m-%dT%H:%M:%SZ")
  self.out:write(json.encode(fields), "\n")
  self.out:flush()
end

function P:text(...)
  self.out:write(...)
  self.out:flush()
end

--- The run starts: its parameters and mode.
function P:start(params, info)
  params = redact.redact(params)
  if self.json then
    self:emit("start", { steps = self.total, params = params, dry_run = info.dry_run, resume = info.resume,
                         journal = info.journal })
    return
  end
  local keys, parts = {}, {}
  for k in pairs(params) do keys[#keys + 1] = k end
  table.sort(keys)
  for _, k in ipairs(keys) do parts[#parts + 1] = k .. "=" .. tostring(params[k]) end
  local mode = info.dry_run and " — dry run: mutations are planned, not sent" or ""
  if info.resume then mode = mode .. " — resuming" end
  self:text(string.format("%s: %d steps%s%s\n", self.runbook, self.total,
                          #parts > 0 and (" (" .. table.concat(parts, ", ") .. ")") or "", mode))
end

--- A step (or undo) ended: status is ok, failed, skipped, declined, none (no undo). One line, printed
--- after whatever the step printed (dry-run PLAN lines, logs), so lines never interleave.
function P:finish(kind, index, name, status, ms, detail)
  if self.json then
    self:emit(kind, { index = index, steps = self.total, name = name, status = status, ms = ms, detail = detail })
    return
  end
  local words = { ok = "ok", failed = "FAILED", skipped = "skipped", declined = "declined", none = "no undo" }
  local label = kind == "undo" and ("undo " .. index) or tostring(index)
  local text = string.format("[%s/%d] %s … %s", label, self.total, name, words[status] or status)
  if ms then text = text .. string.format(" (%d ms)", ms) end
  if detail and status == "skipped" then text = text .. " — " .. detail end
  self:text(text, "\n")
  if detail and status ~= "skipped" then self:text("      ", (tostring(detail):gsub("\n", "\n      ")), "\n") end
end

--- A step that is not run now (done in an earlier run).
function P:skip(index, name, detail)
  self:finish("step", index, name, "skipped", nil, detail)
end

--- The run ended.
function P:done(status, message, ms)
  if self.json then
    self:emit("end", { status = status, message = message, ms = ms })
  elseif status ~= "failed" and status ~= "stopped" then   -- those end with the error on stderr
    self:text(self.runbook, ": ", message, "\n")
  end
end

return P
