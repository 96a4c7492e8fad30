-- The rotate-backend runbook, run whole in a test: the stage ends on the new address, the canary is
-- gone, and a failing step undoes the steps before it.
--   moongate test --lib scripts/lib scripts/spec       (from the repository's root)
local t = require "moongate.test"
local backends = require "team.backends"

local RUNBOOK = "scripts/runbooks/rotate-backend.lua"

local function address_of(name, stage)
  local b = backends.find(name)
  local m = b and backends.model(b.BackendId, stage)
  return m and m.BackendConfig and m.BackendConfig.ServiceAddress
end

t.describe("rotate-backend", function()
  t.before_each(function() t.reset() end)

  t.it("points the stage at the new address and removes the canary", function()
    backends.ensure_http_backend("orders", "http://10.0.0.1:8080", "RELEASE")
    t.run_script(RUNBOOK, { params = { backend = "orders", address = "http://10.0.0.9:8080" } })
    t.expect(address_of("orders", "RELEASE")).to_be("http://10.0.0.9:8080")
    t.expect(backends.find("tmp-orders-canary")).to_be_nil()
  end)

  t.it("switches the stage it is given and leaves the others alone", function()
    backends.ensure_http_backend("orders", "http://10.0.0.1:8080", "RELEASE")
    backends.ensure_http_backend("orders", "http://10.0.0.2:8080", "TEST")
    t.run_script(RUNBOOK, { params = { backend = "orders", address = "http://10.0.0.9:8080", stage = "TEST" } })
    t.expect(address_of("orders", "TEST")).to_be("http://10.0.0.9:8080")
    t.expect(address_of("orders", "RELEASE")).to_be("http://10.0.0.1:8080")
  end)

  t.it("stops at the first step when the backend does not exist, changing nothing", function()
    t.expect(function()
      t.run_script(RUNBOOK, { params = { backend = "nope", address = "http://10.0.0.9:8080" } })
    end).to_fail_with("*backend nope does not exist*")
    for _, call in ipairs(t.calls()) do t.expect(call.operation).to_match("^Describe") end
  end)

  t.it("undoes the canary when switching the stage fails", function()
    -- A VPC backend of that name: the first steps go through, the switch refuses it.
    t.seed{ Backends = { { BackendId = ("c"):rep(32), BackendName = "orders", BackendType = "VPC" } } }
    t.expect(function()
      t.run_script(RUNBOOK, { params = { backend = "orders", address = "http://10.0.0.9:8080" } })
    end).to_fail_with("*exists with type VPC*")
    local created, deleted = 0, 0
    for _, call in ipairs(t.calls()) do
      if call.operation == "CreateBackend" then created = created + 1 end
      if call.operation == "DeleteBackend" then deleted = deleted + 1 end
    end
    t.expect(created).to_be(1)
    t.expect(deleted).to_be(1)
    t.expect(backends.find("tmp-orders-canary")).to_be_nil()
  end)

  t.it("refuses to start without its required params", function()
    t.expect(function() t.run_script(RUNBOOK, { params = { backend = "orders" } }) end).to_fail_with("*address*")
    t.expect(#t.calls()).to_be(0)
  end)
end)
