-- Backend lifecycle, end to end: create a backend with an HTTP model in TEST, describe it, modify the
-- model, then delete the model and the backend.
--
--   moongate run --emulator scripts/examples/backend-lifecycle.lua            # against the emulator
--   moongate run --emulator --dry-run scripts/examples/backend-lifecycle.lua  # plan only, nothing changes
--   moongate run --region cn-hangzhou scripts/examples/backend-lifecycle.lua -p name=orders-test
local moongate = require "moongate"
local client = apigateway.default
local name = params.name or "lifecycle-demo"

local function step(text) print(("== %s"):format(text)) end

step("create backend " .. name)
local created = client:create_backend{ BackendName = name, BackendType = "HTTP", Description = "created by Moongate" }
local backend_id = created.BackendId
print("BackendId", backend_id)

step("create an HTTP backend model in TEST")
local model = client:create_backend_model{
  BackendId = backend_id,
  BackendType = "HTTP",
  StageName = "TEST",
  BackendModelData = { ServiceAddress = "http://10.0.0.1:8080", ServiceTimeout = 3000 },
  Description = "test stage",
}
print("BackendModelId", model.BackendModelId)

step("describe")
local info = client:describe_backend_info{ BackendId = backend_id }.BackendInfo
for _, m in ipairs(info.BackendModels or {}) do
  print(("%s  %s  %s"):format(m.StageName, m.BackendModelId, m.BackendConfig and m.BackendConfig.ServiceAddress or "-"))
end

step("modify the model: new address")
local modified = client:modify_backend_model{
  BackendId = backend_id,
  BackendModelId = model.BackendModelId,
  StageName = "TEST",
  BackendType = "HTTP",
  BackendModelData = { ServiceAddress = "http://10.0.0.2:8080", ServiceTimeout = 3000 },
}
print("OperationId", modified.OperationId)
local after = client:describe_backend_info{ BackendId = backend_id }.BackendInfo
for _, m in ipairs(after.BackendModels or {}) do
  print(("%s now %s"):format(m.StageName, m.BackendConfig and m.BackendConfig.ServiceAddress or "-"))
end

step("delete the model, then the backend")
client:delete_backend_model{ BackendId = backend_id, BackendModelId = model.BackendModelId, StageName = "TEST" }
client:delete_backend{ BackendId = backend_id }

-- Gone: describing it again is a NotFound error, caught and checked. (A dry run answers the same:
-- its reads see the plan's changes.)
local ok, err = pcall(client.describe_backend_info, client, { BackendId = backend_id })
if ok then
  print("backend still there")
else
  print("describe after delete:", apigateway.is_error(err, "NotFound*") and err.code or tostring(err))
end
moongate.log.info("lifecycle done", { backend = name })
