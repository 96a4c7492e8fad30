-- hello.lua: a tour of what every moongate script gets.
--
--   moongate run -p name=operator -p region=cn-hangzhou scripts/examples/hello.lua extra1 extra2
--   moongate run --log-format json -p name=operator scripts/examples/hello.lua
-- (options go before the script: everything after it is the script's own arguments)
local moongate = require "moongate"
local json, log, inspect = moongate.json, moongate.log, moongate.inspect

-- Parameters (-p KEY=VALUE) are strings in the table `params` (also moongate.params).
local name = params.name or "world"
print(("Hello, %s!"):format(name))

-- Positional arguments: arg[0] is the script, then arg[1], arg[2], ... (also `...`).
print(("script %s called with %d argument(s): %s"):format(arg[0], select("#", ...), table.concat({ ... }, ", ")))

-- inspect: a readable dump, keys sorted, cycles marked.
local plan = {
  region = params.region or "cn-hangzhou",
  groups = { "orders", "billing" },
  limits = { qps = 100, burst = 20.5 },
}
plan.self = plan
print("plan: " .. inspect(plan))

-- json: integers stay integers, json.null and json.array mark null and an empty array.
local text = json.encode({ name = name, groups = plan.groups, tags = json.array({}), owner = json.null,
                           big = math.maxinteger })
print("json: " .. text)
local back = json.decode(text)
print(("decoded: big is an %s (%d), %d groups, owner is null: %s"):format(
  math.type(back.big), back.big, #back.groups, tostring(back.owner == json.null)))

-- log: leveled lines on stderr (text, or JSON with --log-format json); secret-looking fields are masked.
log.info("greeted", { name = name, groups = #plan.groups, password = "not printed" })
log.debug("not shown at the default level")
