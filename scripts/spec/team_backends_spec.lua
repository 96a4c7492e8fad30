-- team.backends against the test's own emulator: what it changes, and the calls it sends to do it.
--   moongate test --lib scripts/lib scripts/spec
local t = require "moongate.test"
local backends = require "team.backends"
local client = require("moongate.apigateway").default

local function id(c) return (c):rep(32) end

local function address_of(backend_id, stage)
  local m = backends.model(backend_id, stage)
  return m and m.BackendConfig and m.BackendConfig.ServiceAddress
end

t.describe("ensure_http_backend", function()
  t.before_each(function() t.reset() end)

  t.it("creates the backend and its model when neither exists", function()
    local r = backends.ensure_http_backend("orders", "http://10.0.0.7:8080", "TEST")
    t.expect(r.change).to_be("created")
    t.expect(backends.find("orders").BackendId).to_be(r.backend_id)
    t.expect(address_of(r.backend_id, "TEST")).to_be("http://10.0.0.7:8080")
  end)

  t.it("modifies only the model when the address differs", function()
    local first = backends.ensure_http_backend("orders", "http://10.0.0.7:8080", "TEST")
    local r = backends.ensure_http_backend("orders", "http://10.0.0.9:8080", "TEST")
    t.expect(r).to_equal{ backend_id = first.backend_id, model_id = first.model_id, change = "updated",
                          previous_address = "http://10.0.0.7:8080" }
    t.expect(address_of(r.backend_id, "TEST")).to_be("http://10.0.0.9:8080")
  end)

  t.it("sends no write when everything is already as wanted", function()
    t.seed{ Backends = { { BackendId = id("a"), BackendName = "orders", BackendType = "HTTP" } } }
    backends.ensure_http_backend("orders", "http://10.0.0.7:8080", "PRE")
    local before = #t.calls()
    local r = backends.ensure_http_backend("orders", "http://10.0.0.7:8080", "PRE")
    t.expect(r.change).to_be("unchanged")
    for i = before + 1, #t.calls() do
      t.expect(t.calls()[i].operation).to_match("^Describe")
    end
  end)

  t.it("refuses a backend of another type, naming it", function()
    t.seed{ Backends = { { BackendId = id("b"), BackendName = "orders", BackendType = "VPC" } } }
    t.expect(function() backends.ensure_http_backend("orders", "http://10.0.0.7:8080") end)
      .to_fail_with("*backend orders exists with type VPC, not HTTP")
  end)
end)

t.describe("remove_backend", function()
  t.before_each(function() t.reset() end)

  t.it("deletes the models of every stage, then the backend", function()
    local r = backends.ensure_http_backend("old", "http://10.0.0.1:80", "TEST")
    backends.ensure_http_backend("old", "http://10.0.0.1:80", "RELEASE")
    local before = #t.calls()
    t.expect(backends.remove_backend("old")).to_be(true)
    local stages, last = {}, nil
    for i = before + 1, #t.calls() do
      local call = t.calls()[i]
      if call.operation == "DeleteBackendModel" then stages[#stages + 1] = call.params.StageName end
      last = call.operation
    end
    table.sort(stages)
    t.expect(stages).to_equal{ "RELEASE", "TEST" }
    t.expect(last).to_be("DeleteBackend")
    t.expect(backends.find("old")).to_be_nil()
    t.expect(function() client:describe_backend_info{ BackendId = r.backend_id } end).to_fail_with("NotFound*")
  end)

  t.it("is fine with a backend that is already gone", function()
    t.expect(backends.remove_backend("never-existed")).to_be(false)
    t.expect_calls{ { "DescribeBackendList", { BackendName = "never-existed" } } }
  end)
end)

t.describe("cleanup_stale", function()
  t.before_each(function() t.reset() end)

  t.it("deletes temporary backends only once they are a week old", function()
    t.seed{ Backends = {
      { BackendId = id("1"), BackendName = "tmp-a", BackendType = "HTTP" },
      { BackendId = id("2"), BackendName = "orders", BackendType = "HTTP" },
    } }
    t.expect(backends.cleanup_stale().deleted).to_be(0)
    t.clock.advance(8 * 86400)
    local summary = backends.cleanup_stale()
    t.expect(summary.deleted).to_be(1)
    t.expect(backends.find("tmp-a")).to_be_nil()
    t.expect(backends.find("orders")).never.to_be_nil()
  end)

  t.it("lists, checks no API uses the backend, deletes its models, then it", function()
    t.seed{ Backends = { { BackendId = id("3"), BackendName = "tmp-b", BackendType = "HTTP",
                           CreatedTime = "2020-01-01T00:00:00Z" } } }
    backends.cleanup_stale{ older_than = "1d" }
    t.expect_calls{ { "DescribeBackendList" }, { "DescribeApisByBackend", { BackendId = id("3") } },
                    { "DescribeBackendInfo", { BackendId = id("3") } }, { "DeleteBackend", { BackendId = id("3") } } }
  end)

  t.it("skips a backend an API still uses", function()
    t.seed{
      Backends = { { BackendId = id("6"), BackendName = "tmp-used", BackendType = "HTTP", CreatedTime = "2020-01-01T00:00:00Z" } },
      Groups = { { GroupId = id("9"), GroupName = "shop" } },
      Apis = { { ApiId = id("7"), ApiName = "Orders", GroupId = id("9"), Method = "GET", Path = "/orders",
                 Stages = { "RELEASE" }, BackendId = id("6") } },
    }
    local summary = backends.cleanup_stale{ older_than = "1d" }
    t.expect(summary.skipped).to_be(1)
    t.expect(summary.deleted).to_be(0)
    t.expect(backends.find("tmp-used").BackendId).to_be(id("6"))
  end)

  t.it("fails with the service's error when throttling never clears, deleting nothing", function()
    t.seed{ Backends = { { BackendId = id("8"), BackendName = "tmp-c", BackendType = "HTTP", CreatedTime = "2020-01-01T00:00:00Z" } } }
    t.faults({ throttle = 1 }, function()
      t.expect(function() backends.cleanup_stale{ older_than = "1d" } end).to_fail_with("Throttling*")
    end)
    t.expect(backends.find("tmp-c").BackendId).to_be(id("8"))
  end)

  t.it("keeps what the keep-list names", function()
    t.seed{ Backends = {
      { BackendId = id("4"), BackendName = "tmp-keep-me", BackendType = "HTTP", CreatedTime = "2020-01-01T00:00:00Z" },
      { BackendId = id("5"), BackendName = "tmp-drop-me", BackendType = "HTTP", CreatedTime = "2020-01-01T00:00:00Z" },
    } }
    local summary = backends.cleanup_stale{ keep = { "tmp-keep-me" } }
    t.expect(summary.kept).to_be(1)
    t.expect(summary.deleted).to_be(1)
    t.expect(backends.find("tmp-keep-me").BackendId).to_be(id("4"))
  end)

  t.it("deletes nothing when more than max_delete are selected", function()
    local seed = { Backends = {} }
    for i = 1, 3 do
      seed.Backends[i] = { BackendId = id(tostring(i)), BackendName = "tmp-" .. i, BackendType = "HTTP",
                           CreatedTime = "2020-01-01T00:00:00Z" }
    end
    t.seed(seed)
    t.expect(function() backends.cleanup_stale{ max_delete = 2 } end).to_fail_with("*max_delete*")
    for _, call in ipairs(t.calls()) do t.expect(call.operation).never.to_match("^Delete") end
  end)
end)
