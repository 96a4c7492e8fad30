-- moongate.apigateway: every API Gateway operation as a method, generated from Swift's catalog.
--
-- Swift (the private `native` table, handed to this chunk as `...`) validates, applies the run's policy (allow, confirm, dry-run, rate, audit),
-- signs and sends; this module only shapes the Lua surface: methods, pagination, waiters, errors.
local _, native = ...
local scheduler = require "moongate.scheduler"
local host = require "moongate.host"
local options = require "moongate.options"

local M = {}
local Client = {}

--------------------------------------------------------------------------------------------------
-- Errors
--------------------------------------------------------------------------------------------------

-- Every failed call raises one of these: a table with code, message, operation, request_id,
-- http_status, retryable, recommend (and location for refusals made before sending).
local Error = { __name = "apigateway.Error" }
Error.__index = Error
function Error.__tostring(e)
  return e.summary or string.format("%s: %s: %s", tostring(e.operation), tostring(e.code), tostring(e.message))
end
M.Error = Error

local function raise(fields)
  error(setmetatable(fields, Error), 0)
end

--- True when `text` matches `glob` as a whole: `*` any run of characters, `?` one character.
function M.glob_matches(glob, text)
  local pattern = "^" .. glob:gsub("[%^%$%(%)%%%.%[%]%+%-]", "%%%0"):gsub("%*", ".*"):gsub("%?", ".") .. "$"
  return tostring(text):match(pattern) ~= nil
end

--- True when `err` is an API Gateway error, and its code matches `pattern` (a glob such as
--- "NotFound*") when one is given.
function M.is_error(err, pattern)
  if getmetatable(err) ~= Error then return false end
  if pattern == nil then return true end
  return M.glob_matches(pattern, err.code)
end

--------------------------------------------------------------------------------------------------
-- Calls
--------------------------------------------------------------------------------------------------

--- Calls an operation by its API name: client:call("CreateBackend", { BackendName = "orders", … }).
function Client:call(operation, params)
  if type(operation) ~= "string" then  -- checked here so the message names the script's call, not ours
    error(string.format("bad argument #1 to 'call' (operation name expected, got %s)", type(operation)), 2)
  end
  local handle, refused = native.start(self, operation, params)
  if not handle then raise(refused) end
  local ok, result = scheduler.await(handle)
  if not ok then raise(result) end
  return result
end

local paging, methods = {}, {}
for _, op in ipairs(native.operations()) do
  local name = op.name
  Client[op.method] = function(self, params) return self:call(name, params) end
  paging[name] = op.items
  methods[#methods + 1] = op.method
end

local function copy(t)
  local c = {}
  for k, v in pairs(t or {}) do c[k] = v end
  return c
end

local function dig(value, path)
  for _, key in ipairs(path) do
    if type(value) ~= "table" then return nil end
    value = value[key]
  end
  return value
end

local function paged(operation, method)
  local items = paging[operation]
  if not items then
    error(string.format("client:%s: %s: not a paged operation (`moongate describe` lists which are)",
                        method, tostring(operation)), 3)
  end
  return items
end

--- Iterates over the pages (whole responses) of a paged operation, following PageNumber/PageSize/
--- TotalCount: for page in client:pages("DescribeBackendList", { BackendType = "HTTP" }) do … end
function Client:pages(operation, params)
  local items_path = paged(operation, "pages")
  local request = copy(params)
  request.PageNumber = request.PageNumber or 1
  request.PageSize = request.PageSize or 50
  local finished = false
  return function()
    if finished then return nil end
    local page = self:call(operation, request)
    local items = dig(page, items_path)
    if type(items) ~= "table" then items = {} end  -- absent, or json.null
    -- Without a TotalCount, only a short or empty page ends the list (never a silent stop after page 1).
    local total = math.type(page.TotalCount) and page.TotalCount or math.huge
    if #items == 0 or #items < request.PageSize or (request.PageNumber - 1) * request.PageSize + #items >= total then
      finished = true
    end
    request.PageNumber = request.PageNumber + 1
    return page
  end
end

--- Iterates over the items of every page: for backend in client:each("DescribeBackendList") do … end
function Client:each(operation, params)
  local items_path = paged(operation, "each")
  local next_page = self:pages(operation, params)
  local items, index = {}, 0
  return function()
    while true do
      index = index + 1
      if items[index] ~= nil then return items[index] end
      local page = next_page()
      if page == nil then return nil end
      items, index = dig(page, items_path), 0
      if type(items) ~= "table" then items = {} end
    end
  end
end

--------------------------------------------------------------------------------------------------
-- Waiters
--------------------------------------------------------------------------------------------------

-- The key fields of a response, for a timeout message: its scalars, and those one level down.
local function key_fields(response)
  local parts = {}
  local function add(prefix, t, depth)
    local keys = {}
    for k in pairs(t) do keys[#keys + 1] = tostring(k) end
    table.sort(keys)
    for _, k in ipairs(keys) do
      local v = t[k]
      if type(v) == "table" and depth < 2 then
        add(prefix .. k .. ".", v, depth + 1)
      elseif type(v) ~= "table" and #parts < 8 then
        parts[#parts + 1] = prefix .. k .. "=" .. tostring(v)
      end
    end
  end
  if type(response) == "table" then add("", response, 0) end
  return table.concat(parts, " ")
end

--- Polls a read operation until done(response) is true: client:wait("DescribeUpdateBackendTask",
--- { OperationUid = id }, function(r) … end, { timeout = 300, interval = 5 }). Raises
--- Moongate.WaitTimeout naming the operation, the time waited and the last response's key fields.
function Client:wait(operation, params, done, opts)
  if type(done) ~= "function" then
    error(string.format("client:wait: done: expected a function(response) (got %s)", type(done)), 2)
  end
  opts = opts or {}
  local timeout, interval = opts.timeout or 300, opts.interval or 5
  local started = host.now()
  while true do
    local response = self:call(operation, params)
    if done(response) then return response end
    local waited = host.now() - started
    if waited + interval > timeout then
      raise {
        code = "Moongate.WaitTimeout",
        operation = operation,
        retryable = true,
        message = string.format("condition still false after %.1f s (timeout %s s); last response: %s",
          waited, tostring(timeout), key_fields(response)),
      }
    end
    scheduler.sleep(interval)
  end
end

--------------------------------------------------------------------------------------------------
-- Clients
--------------------------------------------------------------------------------------------------

-- client:create_bakend{} says which operation was meant instead of "attempt to call a nil value".
setmetatable(Client, {
  __index = function(_, key)
    if type(key) ~= "string" or key:sub(1, 2) == "__" then return nil end
    local best = options.closest(key, methods)
    local hint = best and string.format(" (did you mean %s?)", best) or "; `moongate describe` lists them"
    error(string.format("apigateway.Client: unknown operation %s%s", key, hint), 2)
  end,
})

--- Who this client calls as: {source, access_key_id (masked), expiration, region, endpoint,
--- sts_endpoint, account_id, arn, identity_type, principal_id}, from STS GetCallerIdentity. No secrets.
function Client:whoami()
  return native.whoami(self)
end

native.set_client_methods(Client)

--- Creates a client. Every field is optional and falls back to the run's options and the credential
--- chain: region, endpoint, profile, access_key_id, access_key_secret, security_token,
--- signature ("v3"|"v1"), timeout, retries, retry_deadline (seconds a throttled call keeps retrying),
--- rate (calls per second, a ceiling), allow (globs),
--- proxy (a URL, "" for none; a password in it is a secret), ca_bundle (a PEM file of trusted CAs).
function M.client(opts)
  return native.client(opts or {})
end

--- apigateway.raw(text): a JSON document (BackendModelData) sent as is: still checked to be JSON, but
--- not against the catalog's shape, for fields the catalog does not know yet.
function M.raw(text)
  if type(text) ~= "string" then
    error("apigateway.raw: expected the JSON text as a string (got " .. type(text) .. ")", 2)
  end
  return { [native.raw_key] = text }
end

--- apigateway.whoami(): the default client's identity (see Client:whoami).
function M.whoami()
  return M.default:whoami()
end

-- apigateway.default: built on first use from the run's options (--region, --profile, --endpoint, --emulator).
return setmetatable(M, {
  __index = function(t, key)
    if key == "default" then
      local client = native.client({})
      rawset(t, "default", client)
      return client
    end
  end,
})
