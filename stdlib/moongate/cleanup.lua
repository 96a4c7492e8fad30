-- moongate.cleanup: select stale resources and delete them safely.
--
--   local cleanup = require "moongate.cleanup"
--   cleanup.backends{ name = "^tmp%-", older_than = "7d", keep = "keep.txt", max_delete = 20 }
--   cleanup.product_apis{ product = "prod-1", stage = "TEST", name = "^old", keep = { "api-42" } }
--
-- Filters (all given ones must match): name (a Lua pattern), older_than ("7d", "12h", "30m", "90s",
-- "2w"; age from the API's CreatedTime, or age_field = "ModifiedTime"), type (a BackendType or a list),
-- tags (backends: { env = "ci" }, every one must match; the service filters the list by them too),
-- where (a function(item) → boolean). At least one filter is required.
-- protect_tag (backends; default "moongate:keep"): a backend tagged with it (value "true") is never
-- deleted, whatever the filters say; it is listed as "protected". protect_tag = false turns it off.
-- keep: ids/names never touched, whatever the filters say — a table, or a file with one per line
-- (# comments, blank lines); a keep file that cannot be read stops the run before anything is deleted.
-- max_delete (default 20): a larger selection stops the run with exit 1, nothing deleted.
-- Backends: each one's backend models (every stage) are deleted before it; a backend still used by
-- APIs is skipped (reported), never forced. Under --approved, a deletion the approved plan does not hold
-- is refused (Moongate.NotApproved): that item is reported as "not approved" and the others go on.
-- "Already gone" (NotFound*) counts as done, so a rerun after a crash finishes the job. Under --dry-run
-- the deletes are planned, not sent.
-- Prints a table of what was (or would be) deleted or kept and why (moongate.table: aligned on a
-- terminal, JSON lines when piped); returns { selected, deleted, gone, kept, protected, skipped,
-- not_approved, failed, rows }.
-- Options: client (default apigateway.default), parallel (default 4), after_delete = function(row).

local apigateway = require "moongate.apigateway"
local host = require "moongate.host"
local options = require "moongate.options"
local log = require "moongate.log"
local scheduler = require "moongate.scheduler"
local print_table = require "moongate.table"

local format = string.format

local M = {}

-- The tag that protects a backend from every cleanup (value "true"), unless a cleanup says otherwise.
M.protect_tag = "moongate:keep"

-- MARK: - Parsing: durations, timestamps, keep-lists

local UNITS = { s = 1, m = 60, h = 3600, d = 86400, w = 604800 }

--- "7d" → 604800 seconds; numbers are seconds. nil, message for anything else.
function M.parse_duration(text)
  if type(text) == "number" and text >= 0 then return text end
  local n, unit = tostring(text):match("^%s*(%d+%.?%d*)%s*([smhdw]?)%s*$")
  if not n then return nil, format("expected a duration such as 7d, 12h, 30m or 90s (got %s)", tostring(text)) end
  return tonumber(n) * UNITS[unit ~= "" and unit or "s"]
end

local function days_from_civil(y, m, d)   -- days since 1970-01-01 (proleptic Gregorian)
  y = m <= 2 and y - 1 or y
  local era = (y >= 0 and y or y - 399) // 400
  local yoe = y - era * 400
  local doy = (153 * (m + (m > 2 and -3 or 9)) + 2) // 5 + d - 1
  local doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
  return era * 146097 + doe - 719468
end

--- "2022-01-25T11:22:29Z" → seconds since the epoch (UTC); nil when it is not such a timestamp.
function M.parse_time(text)
  local y, mo, d, h, mi, s = tostring(text):match("^(%d%d%d%d)%-(%d%d)%-(%d%d)T(%d%d):(%d%d):(%d%d)")
  if not y then return nil end
  return days_from_civil(tonumber(y), tonumber(mo), tonumber(d)) * 86400 + tonumber(h) * 3600 + tonumber(mi) * 60 + tonumber(s)
end

local function short_age(seconds)
  if seconds >= 86400 then return format("%dd", seconds // 86400) end
  if seconds >= 3600 then return format("%dh", seconds // 3600) end
  if seconds >= 60 then return format("%dm", seconds // 60) end
  return format("%ds", seconds)
end

--- The keep set: a table of ids/names, or a file (one per line, # comments). Raises when unreadable.
function M.read_keep(keep, where)
  local set = {}
  if keep == nil then return set end
  if type(keep) == "table" then
    for _, v in ipairs(keep) do set[tostring(v)] = true end
    return set
  end
  local f, err = io.open(keep, "r")
  if not f then error(format("%s: keep-list %s: cannot read it (%s); nothing was deleted", where, keep, err), 0) end
  for line in f:lines() do
    local entry = line:gsub("#.*$", ""):match("^%s*(.-)%s*$")
    if entry ~= "" then set[entry] = true end
  end
  f:close()
  return set
end

-- MARK: - Selection

local function one_of(value, wanted)
  if type(wanted) == "table" then
    for _, w in ipairs(wanted) do if value == w then return true end end
    return false
  end
  return value == wanted
end

--- Checks the spec, returns the filter list: each returns matched, reason.
local function filters(spec, kind)
  local list, where = {}, "cleanup." .. kind
  if spec.name ~= nil then
    local problem = type(spec.name) ~= "string" and "not a string" or options.pattern_problem(spec.name)
    if problem then
      error(format("%s: name: expected a Lua pattern (got %s: %s)", where, tostring(spec.name), problem), 3)
    end
    list[#list + 1] = function(item) return tostring(item.name):find(spec.name) ~= nil, "name ~ " .. spec.name end
  end
  if spec.older_than ~= nil then
    local limit, err = M.parse_duration(spec.older_than)
    if not limit then error(format("%s: older_than: %s", where, err), 3) end
    list[#list + 1] = function(item)
      if not item.age then return false, "no timestamp" end
      return item.age >= limit, format("age %s ≥ %s", short_age(item.age), tostring(spec.older_than))
    end
  end
  if spec.type ~= nil then
    list[#list + 1] = function(item) return one_of(item.type, spec.type), "type " .. tostring(item.type) end
  end
  if spec.stage ~= nil and kind == "product_apis" then
    list[#list + 1] = function(item) return one_of(item.stage, spec.stage), "stage " .. tostring(item.stage) end
  end
  if spec.tags ~= nil and kind == "backends" then
    if type(spec.tags) ~= "table" or next(spec.tags) == nil then
      error(format("%s: tags: expected a table such as { env = \"ci\" } (got %s)", where, tostring(spec.tags)), 3)
    end
    for k, v in pairs(spec.tags) do
      if type(k) ~= "string" or type(v) ~= "string" then
        error(format("%s: tags: expected string keys and values (got %s = %s)", where, tostring(k), tostring(v)), 3)
      end
    end
    local wanted = {}
    for k, v in pairs(spec.tags) do wanted[#wanted + 1] = k .. "=" .. v end
    table.sort(wanted)
    local why = "tags " .. table.concat(wanted, ",")
    list[#list + 1] = function(item)
      for k, v in pairs(spec.tags) do
        if item.tags[k] ~= v then return false end
      end
      return true, why
    end
  end
  if spec.where ~= nil then
    if type(spec.where) ~= "function" then error(format("%s: where: expected a function(item) (got %s)", where, type(spec.where)), 3) end
    list[#list + 1] = function(item) return spec.where(item.raw) == true, "where()" end
  end
  return list
end

--- Splits `items` ({ id, name, raw, ... }) into selected and kept rows, with the reasons. An item
--- `protected(item)` says is kept whatever else is said.
local function select(items, checks, keep, protected)
  local selected, kept = {}, {}
  for _, item in ipairs(items) do
    local reasons, matched = {}, true
    for _, check in ipairs(checks) do
      local ok, why = check(item)
      if not ok then matched = false; break end
      reasons[#reasons + 1] = why
    end
    if matched then
      item.why = table.concat(reasons, ", ")
      local guard = protected and protected(item)
      if guard then
        item.action, item.why = "protected", guard .. " (" .. item.why .. ")"
        kept[#kept + 1] = item
      elseif keep[item.id] or keep[item.name] then
        item.action, item.why = "keep", "keep-list (" .. item.why .. ")"
        kept[#kept + 1] = item
      else
        selected[#selected + 1] = item
      end
    end
  end
  return selected, kept
end

-- MARK: - Running a cleanup

-- The options each cleanup takes: a misspelt one (kep = "keep.txt") must not silently drop a rail.
local KNOWN = {
  ["cleanup.backends"] = { "name", "older_than", "age_field", "type", "tags", "protect_tag", "where", "keep",
                           "max_delete", "client", "parallel", "after_delete" },
  ["cleanup.product_apis"] = { "product", "stage", "name", "older_than", "type", "where", "keep", "max_delete",
                               "client", "parallel", "after_delete" },
}

--- Checks the options every cleanup takes; returns the client.
local function settle(spec, where)
  if type(spec) ~= "table" then error(format("%s: options: expected a table (got %s)", where, type(spec)), 3) end
  options.check(spec, KNOWN[where], where, 3)
  local max_delete = spec.max_delete or 20
  if type(max_delete) ~= "number" or max_delete < 0 then error(format("%s: max_delete: expected a number ≥ 0 (got %s)", where, tostring(max_delete)), 3) end
  return spec.client or apigateway.default
end

-- Actions that count as done (the resource is, or would be, removed).
local DONE = { deleted = true, detached = true, ["would delete"] = true, ["would detach"] = true }

--- Prints items under `columns` ({ field, title } pairs): rows keyed by title, so JSON lines use
--- the API's own names (BackendId, ...).
local function show(items, columns, empty)
  local rows, titles = {}, {}
  for i, c in ipairs(columns) do titles[i] = { key = c[2], title = c[2], align = c[3] } end
  for i, item in ipairs(items) do
    local row = {}
    for _, c in ipairs(columns) do row[c[2]] = item[c[1]] end
    rows[i] = row
  end
  print_table(rows, titles, { empty = empty })
end

--- The shared part: select, check max_delete, delete each (delete_one(item) → action, why), report.
local function run(kind, spec, items, checks, delete_one, columns, protected)
  local where = "cleanup." .. kind
  local max_delete = spec.max_delete or 20
  local opts = host.options()
  if #checks == 0 then
    error(format("%s: give at least one filter (name, older_than, type, tags, where): refusing to select everything", where), 3)
  end
  local keep = M.read_keep(spec.keep, where)
  local selected, kept = select(items, checks, keep, protected)

  if #selected > max_delete then
    local rows = {}
    for _, item in ipairs(selected) do item.action = "not deleted"; rows[#rows + 1] = item end
    show(rows, columns)
    host.exit_error(format("%s: %d selected, more than max_delete %d: nothing deleted (narrow the filters or raise max_delete)",
                           where, #selected, max_delete), 1)
  end

  local results = scheduler.parallel(selected, function(item)
    local ok, action, why = pcall(delete_one, item)
    if not ok and host.stopping() then error(action, 0) end   -- SIGTERM/--timeout: stop, not "failed"
    if not ok and apigateway.is_error(action, "Moongate.NotApproved") then
      action, why = "not approved", type(action) == "table" and action.message or tostring(action)
    elseif not ok then
      action, why = "failed", tostring(action)
    end
    item.action = action
    if why then item.why = item.why .. "; " .. why end
    if spec.after_delete and (DONE[action] or action == "gone") then
      spec.after_delete(item)
    end
    return item
  end, { limit = math.tointeger(spec.parallel or 4) or 4 })
  if host.stopping() then error(where .. ": stopped", 0) end

  local protected_count = 0
  for _, item in ipairs(kept) do if item.action == "protected" then protected_count = protected_count + 1 end end
  local summary = { selected = #selected, deleted = 0, gone = 0, kept = #kept - protected_count, protected = protected_count,
                    skipped = 0, not_approved = 0, failed = 0, rows = {} }
  for i, r in ipairs(results) do
    local item = r.ok and r.value or selected[i]
    if not r.ok then item.action, item.why = "failed", tostring(r.err) end
    local a = item.action
    if DONE[a] then summary.deleted = summary.deleted + 1
    elseif a == "gone" then summary.gone = summary.gone + 1
    elseif a == "skipped" then summary.skipped = summary.skipped + 1
    elseif a == "not approved" then summary.not_approved = summary.not_approved + 1
    else summary.failed = summary.failed + 1 end
    summary.rows[#summary.rows + 1] = item
  end
  for _, item in ipairs(kept) do summary.rows[#summary.rows + 1] = item end
  show(summary.rows, columns, "(nothing selected)")
  log.info(where .. (opts.dry_run and " (dry run)" or ""), { selected = summary.selected, deleted = summary.deleted,
    already_gone = summary.gone, kept = summary.kept, protected = summary.protected, skipped = summary.skipped,
    not_approved = summary.not_approved, failed = summary.failed })
  if summary.failed > 0 then
    host.exit_error(format("%s: %d of %d deletions failed (see the table); rerun to retry them", where,
                           summary.failed, #selected), 1)
  end
  return summary
end

local function gone(err) return apigateway.is_error(err, "NotFound*") end

--- Calls client:call(operation, params); "already gone" is `false`, other errors are raised.
local function call_or_gone(client, operation, params)
  local ok, result = pcall(client.call, client, operation, params)
  if ok then return result end
  if gone(result) then return false end
  error(result, 0)
end

-- MARK: - Backends

--- Deletes stale backends (and their backend models, in every stage, first). See the header.
function M.backends(spec)
  local where = "cleanup.backends"
  local client = settle(spec, where)
  local checks = filters(spec, "backends")
  local opts = host.options()
  local verb = opts.dry_run and "would delete" or "deleted"
  local age_field = spec.age_field or "CreatedTime"
  local now = os.time()

  local protect_tag = spec.protect_tag
  if protect_tag == nil then protect_tag = M.protect_tag end
  if protect_tag ~= false and (type(protect_tag) ~= "string" or protect_tag == "") then
    error(format("%s: protect_tag: expected a tag key, or false (got %s)", where, tostring(protect_tag)), 2)
  end

  local items = {}
  local list = {}
  if type(spec.type) == "string" then list.BackendType = spec.type end
  if type(spec.tags) == "table" then
    list.Tag = {}
    for k, v in pairs(spec.tags) do list.Tag[#list.Tag + 1] = { Key = k, Value = v } end
    table.sort(list.Tag, function(a, b) return a.Key < b.Key end)
  end
  for b in client:each("DescribeBackendList", list) do
    local t = M.parse_time(b[age_field])
    local tags = {}
    for _, tag in ipairs(b.Tags or {}) do if tag.Key then tags[tag.Key] = tag.Value end end
    items[#items + 1] = { id = b.BackendId, name = b.BackendName, type = b.BackendType,
                          age = t and (now - t) or nil, tags = tags, raw = b }
  end
  local function protected(item)
    if protect_tag and item.tags[protect_tag] == "true" then return "tag " .. protect_tag .. "=true" end
  end
  for _, item in ipairs(items) do item.age_text = item.age and short_age(item.age) or "?" end

  local function delete_one(item)
    local apis = call_or_gone(client, "DescribeApisByBackend", { BackendId = item.id, PageSize = 1 })
    if apis == false then return "gone", "already gone" end
    if (apis.TotalCount or 0) > 0 then return "skipped", format("used by %d API(s)", apis.TotalCount) end
    local info = call_or_gone(client, "DescribeBackendInfo", { BackendId = item.id })
    if info == false then return "gone", "already gone" end
    local models = info.BackendInfo and info.BackendInfo.BackendModels or {}
    for _, m in ipairs(models) do
      call_or_gone(client, "DeleteBackendModel", { BackendId = item.id, BackendModelId = m.BackendModelId,
                                                  StageName = m.StageName })
    end
    if call_or_gone(client, "DeleteBackend", { BackendId = item.id }) == false then return "gone", "already gone" end
    return verb, #models > 0 and format("%d model(s) first", #models) or nil
  end

  return run("backends", spec, items, checks, delete_one, { { "id", "BackendId" }, { "name", "BackendName" },
    { "type", "BackendType" }, { "age_text", "Age", "right" }, { "action", "Action" }, { "why", "Why" } }, protected)
end

-- MARK: - API products' attached APIs

--- Detaches APIs from an API product: cleanup.product_apis{ product = "p1", stage = "TEST", name = "^old",
--- keep = {...} }. `product` is required; stage, name, where and keep filter as for backends.
function M.product_apis(spec)
  local where = "cleanup.product_apis"
  local client = settle(spec, where)
  if type(spec.product) ~= "string" or spec.product == "" then error(format("%s: product: expected the ApiProductId, a non-empty string (got %s)", where, tostring(spec.product)), 2) end
  local checks = filters(spec, "product_apis")
  local verb = host.options().dry_run and "would detach" or "detached"

  local items = {}
  local ok, err = pcall(function()
    for api in client:each("DescribeApiProductApis", { ApiProductId = spec.product }) do
      items[#items + 1] = { id = api.ApiId, name = api.ApiName, stage = api.StageName, product = spec.product, raw = api }
    end
  end)
  if not ok and not gone(err) then error(err, 0) end   -- a product that is gone has nothing attached

  local function detach_one(item)
    local result = call_or_gone(client, "DetachApiProduct", { ApiProductId = spec.product,
                                                             Apis = { { ApiId = item.id, StageName = item.stage } } })
    if result == false then return "gone", "already detached" end
    return verb
  end

  return run("product_apis", spec, items, checks, detach_one, { { "id", "ApiId" }, { "name", "ApiName" },
    { "stage", "StageName" }, { "action", "Action" }, { "why", "Why" } })
end

return M
