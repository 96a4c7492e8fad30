-- moongate.log: leveled log lines on stderr.
--
--   local log = require "moongate.log"
--   log.info("created backend", { id = "b-1", region = "cn-hangzhou" })
--
-- Text (default):  2026-01-02T03:04:05Z INFO  created backend id=b-1 region=cn-hangzhou
-- JSON (`moongate run --log-format json`): one object per line with time, level, msg and the
-- extra fields. Lines below `log.level` ("debug" < "info" < "warn" < "error") are dropped.
-- Fields whose name looks secret (Password, SecretKey, …: moongate.redact), at any depth, print as "***".

local json = require "moongate.json"
local log_format = require("moongate.host").options().log_format

local M = { level = "info" }

local rank = { debug = 10, info = 20, warn = 30, error = 40 }

local redact = require "moongate.redact"

local function clean(fields)
  local out = {}
  for k, v in pairs(redact.redact(fields or {})) do
    -- json.null is a light userdata: keep it, so it prints as null (not "userdata: (nil)").
    if v ~= json.null and (type(v) == "function" or type(v) == "userdata" or type(v) == "thread") then v = tostring(v) end
    out[k] = v
  end
  return out
end

local function text_value(v)
  -- %q writes a newline as backslash + newline; "\n" keeps one record on one line.
  if type(v) == "string" then return v:find("[%s=\"]") and (string.format("%q", v):gsub("\\\n", "\\n")) or v end
  if v == json.null then return "null" end
  if type(v) == "table" then
    local ok, s = pcall(json.encode, v)
    return ok and s or tostring(v)
  end
  return tostring(v)
end

local function emit(level, msg, fields)
  if rank[level] < (rank[M.level] or 20) then return end
  local time = os.date("!%Y-%m-%dT%H:%M:%SZ")
  fields = clean(fields)
  local line
  if log_format == "json" then
    fields.time, fields.level, fields.msg = time, level, tostring(msg)
    local ok, s = pcall(json.encode, fields)
    line = ok and s or json.encode({ time = time, level = level, msg = tostring(msg), log_error = s })
  else
    local keys = {}
    for k in pairs(fields) do keys[#keys + 1] = tostring(k) end
    table.sort(keys)
    local parts = { time, string.format("%-5s", level:upper()), tostring(msg) }
    for _, k in ipairs(keys) do parts[#parts + 1] = k .. "=" .. text_value(fields[k]) end
    line = table.concat(parts, " ")
  end
  io.stderr:write(line, "\n")
end

function M.debug(msg, fields) emit("debug", msg, fields) end
function M.info(msg, fields) emit("info", msg, fields) end
function M.warn(msg, fields) emit("warn", msg, fields) end
function M.error(msg, fields) emit("error", msg, fields) end

return M
