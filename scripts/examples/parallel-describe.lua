-- Many calls at once from one script: create backends, then describe them all with at most 16 calls
-- in flight (moongate.parallel), results in input order, each error kept with its item.
--
--   moongate run --emulator scripts/examples/parallel-describe.lua -p count=40
local moongate = require "moongate"
local client = apigateway.default
local count = math.tointeger(tonumber(params.count or "24"))

local names = {}
for i = 1, count do names[i] = ("parallel-demo-%03d"):format(i) end

local created = moongate.parallel(names, function(name)
  return client:create_backend{ BackendName = name, BackendType = "MOCK" }.BackendId
end, { limit = 16 })

local ids = {}
for i, result in ipairs(created) do
  if result.ok then ids[#ids + 1] = result.value else print(names[i], "failed:", tostring(result.err)) end
end
ids[#ids + 1] = "does-not-exist"   -- one item fails, on purpose: its error stays with it

local described = moongate.parallel(ids, function(id)
  return client:describe_backend_info{ BackendId = id }.BackendInfo
end, { limit = 16 })

local ok, failed = 0, 0
for i, result in ipairs(described) do
  if result.ok then
    ok = ok + 1
  else
    failed = failed + 1
    print(("item %d (%s): %s"):format(i, ids[i], result.err.code))
  end
end
print(("described %d backends, %d failed, first %s, last %s"):format(ok, failed,
  described[1].ok and described[1].value.BackendName or "-", described[ok].ok and described[ok].value.BackendName or "-"))

for _, id in ipairs(ids) do
  if id ~= "does-not-exist" then client:delete_backend{ BackendId = id } end
end
