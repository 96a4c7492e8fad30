-- Moongate's side of scripts/bench-client.sh: N DescribeBackendInfo calls on one client, sequential or
-- through moongate.parallel at limit 64, against the canned nginx. Prints calls per second.
local moongate = require "moongate"
local count, mode = math.tointeger(tonumber(arg[1])), arg[2] or "sequential"
local client = apigateway.default
local request = { BackendId = "a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5" }
client:describe_backend_info(request)  -- warm-up: connection, first-call allocations
local started = moongate.now()
if mode == "parallel" then
  local items = {}
  for i = 1, count do items[i] = i end
  local results = moongate.parallel(items, function() return client:describe_backend_info(request) end, { limit = 64 })
  for _, r in ipairs(results) do assert(r.ok, tostring(r.err)) end
else
  for _ = 1, count do assert(client:describe_backend_info(request).BackendInfo.BackendName == "orders-backend") end
end
print(("%.1f"):format(count / math.max(moongate.now() - started, 1e-9)))
