-- The stdlib's own Lua tests: durations, timestamps, keep-lists, globs, inspect and paging.
--   moongate test scripts/spec/stdlib_spec.lua
local t = require "moongate.test"
local cleanup = require "moongate.cleanup"
local apigateway = require "moongate.apigateway"
local inspect = require "moongate.inspect"

t.describe("cleanup.parse_duration", function()
  t.it("reads every unit", function()
    t.expect({ cleanup.parse_duration("90s"), cleanup.parse_duration("30m"), cleanup.parse_duration("12h"),
               cleanup.parse_duration("7d"), cleanup.parse_duration("2w") })
      .to_equal{ 90, 1800, 43200, 604800, 1209600 }
  end)
  t.it("takes plain seconds, numbers, fractions and spaces", function()
    t.expect(cleanup.parse_duration("45")).to_be(45)
    t.expect(cleanup.parse_duration(10)).to_be(10)
    t.expect(cleanup.parse_duration("1.5h")).to_be(5400)
    t.expect(cleanup.parse_duration(" 2 d ")).to_be(172800)
    t.expect(cleanup.parse_duration("0s")).to_be(0)
  end)
  t.it("refuses anything else with a message", function()
    for _, bad in ipairs{ "", "7 days", "d", "-1d", "1y", "1dd", -5 } do
      local value, message = cleanup.parse_duration(bad)
      t.expect(value).to_be_nil()
      t.expect(message).to_match("^expected a duration such as 7d")
    end
  end)
end)

t.describe("cleanup.parse_time", function()
  t.it("reads the API's timestamps as UTC", function()
    t.expect(cleanup.parse_time("1970-01-01T00:00:00Z")).to_be(0)
    t.expect(cleanup.parse_time("2022-01-25T11:22:29Z")).to_be(1643109749)
    t.expect(cleanup.parse_time("2000-02-29T00:00:00Z")).to_be(951782400)   -- a leap day
  end)
  t.it("gives nil for anything that is not such a timestamp", function()
    t.expect(cleanup.parse_time("yesterday")).to_be_nil()
    t.expect(cleanup.parse_time(nil)).to_be_nil()
  end)
end)

t.describe("cleanup.read_keep", function()
  t.it("reads a file: one entry a line, comments and blanks skipped", function()
    t.expect(cleanup.read_keep("scripts/cron/keep-backends.txt", "spec"))
      .to_equal{ ["tmp-shared-sandbox"] = true, ["tmp-load-test-baseline"] = true }
  end)
  t.it("takes a table", function()
    t.expect(cleanup.read_keep({ "a", 42 }, "spec")).to_equal{ a = true, ["42"] = true }
    t.expect(cleanup.read_keep(nil, "spec")).to_equal{}
  end)
  t.it("raises for a file it cannot read, saying nothing was deleted", function()
    t.expect(function() cleanup.read_keep("no/such/keep.txt", "job") end)
      .to_fail_with("job: keep-list no/such/keep.txt: cannot read it*nothing was deleted")
  end)
end)

t.describe("apigateway globs", function()
  t.it("match the whole text", function()
    t.expect(apigateway.glob_matches("NotFound*", "NotFoundBackend")).to_be(true)
    t.expect(apigateway.glob_matches("NotFound*", "XNotFound")).to_be(false)
    t.expect(apigateway.glob_matches("Throttling.?ser", "Throttling.User")).to_be(true)
    t.expect(apigateway.glob_matches("*", "")).to_be(true)
  end)
  t.it("treat Lua's magic characters as plain text", function()
    t.expect(apigateway.glob_matches("a.b%c(d)[e]+-^$", "a.b%c(d)[e]+-^$")).to_be(true)
    t.expect(apigateway.glob_matches("a.b", "axb")).to_be(false)
  end)
  t.it("is_error matches only API errors, by code", function()
    local _, err = pcall(apigateway.default.delete_backend, apigateway.default, { BackendId = ("f"):rep(32) })
    t.expect(apigateway.is_error(err)).to_be(true)
    t.expect(apigateway.is_error(err, "NotFound*")).to_be(true)
    t.expect(apigateway.is_error(err, "Throttling*")).to_be(false)
    t.expect(apigateway.is_error("NotFound", "NotFound*")).to_be(false)
  end)
end)

t.describe("inspect", function()
  t.it("sorts keys: numbers, then strings", function()
    t.expect(inspect({ b = 1, a = { 2, 3 }, [10] = true, "x" })).to_be('{ "x", [10] = true, a = { 2, 3 }, b = 1 }')
  end)
  t.it("shows cycles, depth and quoted strings", function()
    local loop = { name = "loop" }
    loop.self = loop
    t.expect(inspect(loop)).to_be('{ name = "loop", self = <cycle> }')
    t.expect(inspect({ a = { b = { c = 1 } } }, { depth = 2 })).to_be("{ a = { b = {...} } }")
    t.expect(inspect("line\nbreak")).to_be('"line\\nbreak"')
    t.expect(inspect({ ["not an id"] = 1.0 })).to_be('{ ["not an id"] = 1.0 }')
  end)
  t.it("never shows a secret-named field", function()
    local text = inspect({ AccessKeySecret = "s3cr3t", SecurityToken = "tok", name = "ok" })
    t.expect(text).never.to_contain("s3cr3t")
    t.expect(text).never.to_contain("tok\"")
    t.expect(text).to_contain('name = "ok"')
  end)
end)

t.describe("paging with client:each", function()
  t.before_each(function() t.reset() end)

  local function seed_backends(n)
    local list = {}
    for i = 1, n do list[i] = { BackendId = string.format("%032x", i), BackendName = "b" .. i, BackendType = "HTTP" } end
    t.seed{ Backends = list }
  end

  local function count(params)
    local n = 0
    for _ in apigateway.default:each("DescribeBackendList", params) do n = n + 1 end
    return n
  end

  t.it("sends one call for an empty list", function()
    t.expect(count()).to_be(0)
    t.expect_calls{ { "DescribeBackendList", { PageNumber = 1, PageSize = 50 } } }
  end)

  t.it("stops after a full last page without asking for an empty one", function()
    seed_backends(100)
    t.expect(count()).to_be(100)
    t.expect_calls{ { "DescribeBackendList", { PageNumber = 1 } }, { "DescribeBackendList", { PageNumber = 2 } } }
  end)

  t.it("follows every page, with the page size asked for", function()
    seed_backends(23)
    t.expect(count{ PageSize = 10 }).to_be(23)
    t.expect_calls{ { "DescribeBackendList", { PageNumber = 1, PageSize = 10 } },
                    { "DescribeBackendList", { PageNumber = 2, PageSize = 10 } },
                    { "DescribeBackendList", { PageNumber = 3, PageSize = 10 } } }
  end)

  t.it("can start at a later page", function()
    seed_backends(23)
    t.expect(count{ PageSize = 10, PageNumber = 3 }).to_be(3)
  end)
end)
