-- The Lua-level fuzz (scripts/fuzz lua-calls): random argument tables thrown at every client method and
-- stdlib entry point, each under pcall. The process must end on its own with exit 0: a crash, a trap or
-- a hang is a finding. arg[1]: the random seed, arg[2]: how many calls, arg[3...]: the client methods.
local json = require "moongate.json"
local inspect = require "moongate.inspect"
local log = require "moongate.log"
local cleanup = require "moongate.cleanup"
local runbook = require "moongate.runbook"

local seed, count = tonumber(arg[1]) or 1, tonumber(arg[2]) or 1000
math.randomseed(seed)
local methods = { table.unpack(arg, 3) }

local strings = { "", "x", "HTTP", "VPC", "MOCK", "TEST", "RELEASE", "PRE", "cn-hangzhou", ("a"):rep(300), "\255\254\0",
  "*", "%", "[", "NotFound*", "1e309", "-1", "0", "true", "http://127.0.0.1:1", "https://example.invalid",
  '{"ServiceAddress":"http://x"}', "\n{", "{}", "[]", "Delete*", "1h", "30d", "-5m", "2026-01-01T00:00:00Z" }
local numbers = { 0, -1, 1, 0.5, -0.0, math.huge, -math.huge, 0 / 0, math.maxinteger, math.mininteger, 1e-320, 2 ^ 53,
  1e300, 3.7, 65536, 1e15 }
local keys = { "BackendId", "BackendName", "BackendType", "Description", "StageName", "BackendModelId",
  "BackendModelData", "Tag", "Key", "Value", "PageNumber", "PageSize", "ApiProductId", "ApiProductIds", "Apis",
  "ApiId", "AppId", "AppIds", "ServiceAddress", "VpcConfig", "Port", "OperationUid", "ApiProductName",
  "timeout", "retries", "rate", "allow", "region", "endpoint", "proxy", "ca_bundle", "signature", "profile",
  "name", "keep", "keep_file", "max_delete", "older_than", "protect_tag", "stage", "indent", "depth", "limit",
  "params", "on_failure", "steps", "BackendNme", "ServiceAdress", 1, 2, 3, "", "self" }

local value
local function tbl(depth)
  local t = {}
  for _ = 1, math.random(0, 5) do t[keys[math.random(#keys)]] = value(depth + 1) end
  if math.random(30) == 1 then t.self = t end  -- a cycle
  return t
end

function value(depth)
  local r = math.random(13)
  if r <= 3 then return strings[math.random(#strings)]
  elseif r <= 5 then return numbers[math.random(#numbers)]
  elseif r == 6 then return math.random(-5, 200)
  elseif r == 7 then return math.random() < 0.5
  elseif r == 8 then return json.null
  elseif r == 9 and depth < 4 then return tbl(depth)
  elseif r == 10 and depth < 4 then
    local t = {}
    for i = 1, math.random(0, 4) do t[i] = value(depth + 1) end
    return t
  elseif r == 11 then return function() error("from a callback") end
  elseif r == 12 then return setmetatable({}, { __index = function() error("trap") end })
  end
  return nil
end

-- moongate.sleep only with short waits: a long one is the script's wish, not a hang.
local function short(v) if type(v) == "number" and v > 0.001 then return 0.001 end return v end

local client = apigateway.default
local entries = {
  function() return json.encode(value(0), value(0)) end,
  function() return json.decode(value(0)) end,
  function() return json.decode(json.encode(tbl(0))) end,
  function() return inspect(value(0), value(0)) end,
  function() return log.info(value(0), value(0)) end,
  function() return log.warn(value(0), tbl(0)) end,
  function() return moongate.table(value(0), value(0)) end,
  function() return moongate.parallel(value(0), value(0), value(0)) end,
  function() return moongate.parallel({ 1, 2 }, function(x) return client:describe_backend_list(value(0)) end) end,
  function() return moongate.sleep(short(value(0))) end,
  function() return apigateway.client(value(0)) end,
  function() return apigateway.raw(value(0)) end,
  function() return apigateway.is_error(value(0), value(0)) end,
  function() return cleanup.backends(value(0)) end,
  function() return runbook.new(value(0)) end,
  function() return client:call(value(0), value(0)) end,
  function() for _ in client:each(strings[math.random(#strings)], value(0)) do break end end,
  function() return tostring(client), client.nope end,
}
for _, m in ipairs(methods) do
  entries[#entries + 1] = function() return client[m](client, value(0)) end
  entries[#entries + 1] = function() return client[m](client, tbl(0)) end
end

local failed, passed = 0, 0
for _ = 1, count do
  local ok = pcall(entries[math.random(#entries)])
  if ok then passed = passed + 1 else failed = failed + 1 end
end
io.stderr:write(string.format("seed %d: %d calls, %d returned, %d raised\n", seed, count, passed, failed))
