-- moongate.runbook.journal: a runbook's run on disk, so `--resume` can continue it.
--
-- One JSON file per runbook, replaced atomically after every step (temp file, fsync, rename):
-- a run killed at any moment leaves the journal of its last finished step.
--   { "runbook": "rotate-backend", "script": "rotate.lua", "status": "running|failed|rolled_back|
--     stopped|completed", "params": {...}, "ctx": {...}, "started": ..., "updated": ...,
--     "steps": [ { "name": ..., "status": "running|done|failed|undone|undo_failed", "ms": 12 } ] }
-- Fields that look secret (password, token, ...) are never written, in params or in ctx.

local json = require "moongate.json"
local host = require "moongate.host"
local log = require "moongate.log"
local redact = require "moongate.redact"

local J = {}

local function now_iso() return os.date("!%Y-%m-%dT%H:%M:%SZ") end

--- `--journal FILE`, else NAME.journal.json beside the audit log, else in the current folder.
function J.path(name)
  return host.journal_path(name)
end

--- The journal at `path`; nil when there is none; nil, reason when it cannot be read.
function J.load(path)
  local f = io.open(path, "rb")
  if not f then return nil end
  local text = f:read("a")
  f:close()
  local ok, data = pcall(json.decode, text)
  if not ok or type(data) ~= "table" or type(data.steps) ~= "table" then
    return nil, "not a runbook journal (" .. tostring(ok and "unexpected content" or data) .. ")"
  end
  return data
end

local function public_copy(t)
  local out = {}
  for k, v in pairs(t) do
    if type(k) == "string" and not redact.is_secret(k) then out[k] = v end
  end
  return out
end

function J.new(name, script, params)
  return { runbook = name, script = script, status = "running", params = public_copy(params),
           started = now_iso(), steps = json.array({}), ctx = {} }
end

--- Copies the JSON-able, non-secret fields a step stored in ctx into the journal. A field that
--- cannot be journaled (a function, a client object) is skipped with one warning: --resume will
--- not restore it, so a step should keep such values in locals.
function J.record_ctx(journal, ctx, reserved, warned)
  local out = {}
  for k, v in pairs(ctx) do
    if type(k) == "string" and not reserved[k] then
      if redact.is_secret(k) then
        -- never on disk
      elseif pcall(json.encode, v) then
        out[k] = v
      elseif not warned[k] then
        warned[k] = true
        log.warn("runbook: ctx." .. k .. " is not journaled (a " .. type(v) .. "); --resume will not restore it",
                 { runbook = journal.runbook })
      end
    end
  end
  journal.ctx = out
end

--- Replaces the journal of `journal.runbook` (the host writes only that runbook's journal path).
function J.save(journal)
  journal.updated = now_iso()
  host.write_journal(journal.runbook, json.encode(journal, { indent = 2 }) .. "\n")
end

return J
