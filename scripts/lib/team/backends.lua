-- team.backends: our team's backend conventions, shared by runbooks and cron jobs.
-- A team library: found with `moongate run --lib scripts/lib ...` (or MOONGATE_PATH=scripts/lib).
--
--   local backends = require "team.backends"
--   local r = backends.ensure_http_backend("orders", "http://10.0.0.7:8080", "TEST")
--   print(r.backend_id, r.model_id, r.change)   -- change: "created", "updated" or "unchanged"
--
-- Every function is idempotent: it looks first and changes only what differs from the wanted
-- state, so a runbook step (or its undo) can run again after a crash or a --resume.
local apigateway = require "moongate.apigateway"
local cleanup = require "moongate.cleanup"

local M = {}

-- Temporary backends are named tmp-<something>; cron deletes them after a week.
M.temporary_prefix = "tmp-"

local function client_of(opts) return opts and opts.client or apigateway.default end

--- The backend named `name` (a DescribeBackendList item), or nil.
function M.find(name, opts)
  for b in client_of(opts):each("DescribeBackendList", { BackendName = name }) do
    if b.BackendName == name then return b end
  end
  return nil
end

--- The backend model of `backend_id` in `stage` (from DescribeBackendInfo), or nil.
function M.model(backend_id, stage, opts)
  local info = client_of(opts):describe_backend_info{ BackendId = backend_id }.BackendInfo or {}
  for _, m in ipairs(info.BackendModels or {}) do
    if m.StageName == stage then return m end
  end
  return nil
end

--- Makes sure an HTTP backend `name` exists and its model in `stage` points at `address`:
--- creates the backend and/or the model, or modifies the model when the address differs.
--- Returns { backend_id, model_id, change = "created"|"updated"|"unchanged", previous_address }.
function M.ensure_http_backend(name, address, stage, opts)
  assert(type(name) == "string" and name ~= "", "ensure_http_backend: name expected")
  assert(type(address) == "string" and address ~= "", "ensure_http_backend: address expected")
  stage = stage or "RELEASE"
  local client = client_of(opts)
  local change = "unchanged"
  local backend = M.find(name, opts)
  if backend and backend.BackendType ~= "HTTP" then
    error(string.format("ensure_http_backend: backend %s exists with type %s, not HTTP", name, tostring(backend.BackendType)), 2)
  end
  local backend_id = backend and backend.BackendId
  if not backend_id then
    backend_id = client:create_backend{ BackendName = name, BackendType = "HTTP",
                                        Description = "managed by team.backends" }.BackendId
    change = "created"
  end
  local wanted = { ServiceAddress = address }
  local model = M.model(backend_id, stage, opts)
  local model_id, previous
  if not model then
    model_id = client:create_backend_model{ BackendId = backend_id, BackendType = "HTTP", StageName = stage,
                                            BackendModelData = wanted }.BackendModelId
    change = "created"
  else
    model_id = model.BackendModelId
    previous = model.BackendConfig and model.BackendConfig.ServiceAddress
    if previous ~= address then
      client:modify_backend_model{ BackendId = backend_id, BackendModelId = model_id, StageName = stage,
                                   BackendType = "HTTP", BackendModelData = wanted }
      if change == "unchanged" then change = "updated" end
    end
  end
  return { backend_id = backend_id, model_id = model_id, change = change, previous_address = previous }
end

--- Removes the backend named `name` (its models in every stage first). Already gone is fine.
--- Returns true when something was removed.
function M.remove_backend(name, opts)
  local client = client_of(opts)
  local backend = M.find(name, opts)
  if not backend then return false end
  local ok, err = pcall(function()
    local info = client:describe_backend_info{ BackendId = backend.BackendId }.BackendInfo or {}
    for _, m in ipairs(info.BackendModels or {}) do
      client:delete_backend_model{ BackendId = backend.BackendId, BackendModelId = m.BackendModelId, StageName = m.StageName }
    end
    client:delete_backend{ BackendId = backend.BackendId }
  end)
  if not ok and not apigateway.is_error(err, "NotFound*") then error(err, 0) end
  return true
end

--- Deletes the team's stale temporary backends: our naming convention, our keep-list, a cap.
--- opts: older_than (default "7d"), keep (file or table), max_delete (default 20), name (pattern).
function M.cleanup_stale(opts)
  opts = opts or {}
  local prefix = M.temporary_prefix:gsub("%p", "%%%0")
  return cleanup.backends{
    name = opts.name or ("^" .. prefix),
    older_than = opts.older_than or "7d",
    keep = opts.keep,
    max_delete = opts.max_delete or 20,
    client = opts.client,
  }
end

return M
