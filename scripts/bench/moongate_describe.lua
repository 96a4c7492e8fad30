-- scripts/bench-quota.sh: the emulator's throughput — N signed DescribeBackendInfo calls, 64 at a time.
local n, id = tonumber(params.count or "5000"), params.id
local items = {}
for i = 1, n do items[i] = i end
local t0 = moongate.now()
local results = moongate.parallel(items, function()
  return apigateway.default:describe_backend_info{ BackendId = id }.BackendInfo.BackendId
end, { limit = 64 })
local failed = 0
for _, r in ipairs(results) do if not r.ok then failed = failed + 1 end end
print(("RESULT %.1f %d"):format(n / (moongate.now() - t0), failed))
