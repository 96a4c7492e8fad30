-- moongate: the root module. One table with the script's parameters and the standard helpers.
--
--   local moongate = require "moongate"
--   moongate.log.info("starting", { region = moongate.params.region })
--
-- params  the `-p KEY=VALUE` parameters (the same table as the global `params`)
-- json    moongate.json: encode/decode, json.null, json.array(t)
-- log     moongate.log: debug/info/warn/error to stderr (text or JSON lines)
-- inspect moongate.inspect: readable dump of nested tables
-- table   moongate.table(rows, columns): aligned on a terminal, JSON lines when piped
-- parallel moongate.parallel(list, fn, {limit = 16}): fn(item) in coroutines, API calls overlapping
-- sleep   moongate.sleep(seconds), without blocking other parallel items
-- now     moongate.now(): monotonic seconds, for measuring durations
-- secret  moongate.secret(value): returns value; from then on Moongate's output shows it as ***
local scheduler = require "moongate.scheduler"
return {
  parallel = scheduler.parallel,
  sleep = scheduler.sleep,
  now = require("moongate.host").now,
  secret = require("moongate.host").secret,
  params = require "moongate.params",
  json = require "moongate.json",
  log = require "moongate.log",
  inspect = require "moongate.inspect",
  table = require "moongate.table",
}
