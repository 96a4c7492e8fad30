-- The nightly cleanup job (scripts/cron/cleanup-stale-backends.lua) with its shipped keep-list.
--   moongate test --lib scripts/lib scripts/spec       (from the repository's root)
local t = require "moongate.test"
local backends = require "team.backends"

local JOB = "scripts/cron/cleanup-stale-backends.lua"

local function seed_temporaries(names, first_id)
  local seed = { Backends = {} }
  for i, name in ipairs(names) do
    seed.Backends[i] = { BackendId = string.format("%032x", (first_id or 0) + i), BackendName = name, BackendType = "HTTP" }
  end
  t.seed(seed)
end

local function remaining()
  local names = {}
  for b in require("moongate.apigateway").default:each("DescribeBackendList") do names[#names + 1] = b.BackendName end
  table.sort(names)
  return names
end

t.describe("cleanup-stale-backends", function()
  t.before_each(function()
    t.reset()
    seed_temporaries{ "tmp-feature-x", "tmp-shared-sandbox", "tmp-load-test-baseline", "orders" }
  end)

  t.it("deletes nothing younger than a week", function()
    t.clock.advance(6 * 86400)
    t.run_script(JOB)
    t.expect(#remaining()).to_be(4)
  end)

  t.it("deletes week-old temporaries, except what keep-backends.txt names", function()
    t.clock.advance(8 * 86400)
    t.run_script(JOB)
    t.expect(remaining()).to_equal{ "orders", "tmp-load-test-baseline", "tmp-shared-sandbox" }
  end)

  t.it("takes older_than and keep as params", function()
    t.clock.advance(3600)
    t.run_script(JOB, { params = { older_than = "30m", keep = "scripts/cron/keep-backends.txt" } })
    t.expect(remaining()).to_equal{ "orders", "tmp-load-test-baseline", "tmp-shared-sandbox" }
  end)

  t.it("stops before deleting anything when more than max_delete are selected", function()
    seed_temporaries({ "tmp-a", "tmp-b", "tmp-c" }, 100)
    t.clock.advance(8 * 86400)
    t.expect(function() t.run_script(JOB, { params = { max_delete = 2 } }) end).to_fail_with("*more than max_delete 2*")
    t.expect(#remaining()).to_be(7)
  end)

  t.it("refuses a mistyped max_delete", function()
    t.expect(function() t.run_script(JOB, { params = { max_delete = "2O" } }) end)
      .to_fail_with("*-p max_delete: expected a whole number (got 2O)")
    t.expect(#t.calls()).to_be(0)
  end)

  t.it("refuses an unreadable keep-list before deleting anything", function()
    t.clock.advance(8 * 86400)
    t.expect(function() t.run_script(JOB, { params = { keep = "scripts/cron/no-such-file.txt" } }) end)
      .to_fail_with("*cannot read it*nothing was deleted")
    t.expect(#remaining()).to_be(4)
  end)
end)
