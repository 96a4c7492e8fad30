-- rotate-backend: point a backend's stage at a new address, trying it on a canary first.
--
--   moongate run --emulator --lib scripts/lib -p backend=orders-service -p address=http://10.0.0.9:8080 \
--       [-p stage=RELEASE] scripts/runbooks/rotate-backend.lua
--   ... --dry-run     shows the calls it would make (nothing changes)
--   ... --yes         runs the destructive last step without asking (no terminal, e.g. CI)
--   ... --resume      after a failure: continue after the last completed step (see the journal)
--
-- On a failing step the completed ones are undone in reverse: the canary is removed, the stage
-- gets its previous address back.
local runbook = require "moongate.runbook"
local backends = require "team.backends"

local rb = runbook.new{
  name = "rotate-backend",
  params = {
    backend = { required = true, help = "name of the backend to rotate" },
    address = { required = true, help = "new service address, e.g. http://10.0.0.9:8080" },
    stage = { default = "RELEASE", help = "stage to switch: TEST, PRE or RELEASE" },
  },
}

local function canary_name(ctx) return backends.temporary_prefix .. ctx.params.backend .. "-canary" end

rb:step("read the current backend", function(ctx)
  local b = backends.find(ctx.params.backend)
  if not b then error("backend " .. ctx.params.backend .. " does not exist", 0) end
  ctx.backend_id = b.BackendId
  local model = backends.model(b.BackendId, ctx.params.stage)
  ctx.old_address = model and model.BackendConfig and model.BackendConfig.ServiceAddress or nil
end)

rb:step("stage the new address on a canary", function(ctx)
  local r = backends.ensure_http_backend(canary_name(ctx), ctx.params.address, "TEST")
  ctx.canary_id = r.backend_id
end, { undo = function(ctx) backends.remove_backend(canary_name(ctx)) end })

rb:step("check the canary", function(ctx)
  if ctx.dry_run then return end   -- nothing was created: nothing to check
  local m = backends.model(ctx.canary_id, "TEST")
  local got = m and m.BackendConfig and m.BackendConfig.ServiceAddress
  if got ~= ctx.params.address then
    error(string.format("canary serves %s, expected %s", tostring(got), ctx.params.address), 0)
  end
end)

rb:step("switch the stage to the new address", function(ctx)
  backends.ensure_http_backend(ctx.params.backend, ctx.params.address, ctx.params.stage)
end, { undo = function(ctx)
  if ctx.old_address then
    backends.ensure_http_backend(ctx.params.backend, ctx.old_address, ctx.params.stage)
  end
end })

rb:step("remove the canary", function(ctx)
  backends.remove_backend(canary_name(ctx))
end, { destructive = true })

rb:run()
