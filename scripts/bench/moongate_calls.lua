-- Moongate's side of scripts/bench-calls.sh: N DescribeBackendList calls on one client, sequential
-- (like the SDK) or through moongate.parallel (limit 16). Prints calls per second.
local moongate = require "moongate"
local count, mode = math.tointeger(tonumber(arg[1])), arg[2] or "sequential"
local client = apigateway.default
client:describe_backend_list{ PageSize = 10 }  -- warm-up: connection
local started = moongate.now()
if mode == "parallel" then
  local items = {}
  for i = 1, count do items[i] = i end
  for _, r in ipairs(moongate.parallel(items, function() return client:describe_backend_list{ PageSize = 10 } end)) do
    assert(r.ok, tostring(r.err))
  end
else
  for _ = 1, count do assert(client:describe_backend_list{ PageSize = 10 }.TotalCount >= 0) end
end
print(("%.1f"):format(count / (moongate.now() - started)))
