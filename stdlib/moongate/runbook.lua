-- moongate.runbook: a runbook is a list of named steps, each with an optional undo.
--
--   local rb = require("moongate.runbook").new{
--     name = "rotate-backend",
--     params = { backend = "required", stage = { default = "RELEASE", help = "stage to switch" } },
--   }
--   rb:step("create new model", function(ctx) ctx.model_id = create(ctx.params.backend) end,
--           { undo = function(ctx) delete(ctx.model_id) end })
--   rb:step("delete old model", function(ctx) ... end, { destructive = true })
--   rb:run()
--
-- Before any step: declared params are checked (missing or unknown → exit 64 and a usage line);
-- destructive steps need a terminal to confirm on, or --yes (else exit 64, nothing run).
-- Each step gets `ctx`: ctx.params, ctx.dry_run, and whatever earlier steps stored in it.
-- When a step fails, the undos of the completed steps run in reverse order (each reported) and
-- the run exits 1 naming the step; `on_failure = "stop"` keeps them instead. The journal
-- (--journal FILE, default NAME.journal.json beside the audit log) records every step and the
-- values stored in ctx; --resume continues after the last step still in effect (done and not
-- undone), with the journal's params and ctx. SIGINT/SIGTERM/--timeout stop the run between
-- instructions: no undo runs then, the journal shows the interrupted step, --resume reruns it.
-- Under --dry-run steps run (mutations are planned by the bindings) and no journal is written.

local host = require "moongate.host"
local params_given = require "moongate.params"
local Journal = require "moongate.runbook.journal"
local Progress = require "moongate.runbook.progress"

local format = string.format

local M = {}
local Runbook = {}
Runbook.__index = Runbook

-- ctx fields the runbook sets itself: never journaled, never restored.
local RESERVED = { params = true, dry_run = true, runbook = true }

-- MARK: - Declaring

local function param_spec(runbook, key, spec)
  if spec == "required" then return { required = true } end
  if spec == "optional" then return { required = false } end
  if type(spec) == "table" then
    return { required = spec.required == true, default = spec.default, help = spec.help }
  end
  error(format('runbook.new: %s: params.%s: expected "required", "optional" or { required = , default = , help = } (got %s)',
               runbook, key, type(spec) == "string" and format("%q", spec) or type(spec)), 3)
end

--- Creates a runbook: `{ name = "...", params = { key = "required"|"optional"|{...} }, on_failure = "rollback"|"stop" }`.
function M.new(spec)
  if type(spec) ~= "table" or type(spec.name) ~= "string" or spec.name == "" then
    local got = type(spec) ~= "table" and type(spec) or format("name = %s", tostring(spec.name))
    error(format('runbook.new: expected { name = "...", params = {...} } (got %s)', got), 2)
  end
  require("moongate.options").check(spec, { "name", "params", "on_failure" }, "runbook.new: " .. spec.name, 2)
  local on_failure = spec.on_failure or "rollback"
  if on_failure ~= "rollback" and on_failure ~= "stop" then
    error(format('runbook.new: %s: on_failure: expected "rollback" or "stop" (got %s)', spec.name, tostring(on_failure)), 2)
  end
  local params = {}
  for key, p in pairs(spec.params or {}) do params[key] = param_spec(spec.name, key, p) end
  return setmetatable({ name = spec.name, params = params, on_failure = on_failure, steps = {}, names = {} }, Runbook)
end

--- Adds a step: `fn(ctx)` does the work; opts `{ undo = function(ctx) ... end, destructive = true }`.
function Runbook:step(name, fn, opts)
  if type(name) ~= "string" or name == "" then error(format("runbook:step: name: expected a non-empty string (got %s)", type(name)), 2) end
  if type(fn) ~= "function" then error(format("runbook:step: %q: fn: expected a function (got %s)", name, type(fn)), 2) end
  if self.names[name] then error(format("runbook:step: %q: a step with this name already exists (give each step its own name)", name), 2) end
  opts = opts or {}
  if opts.undo ~= nil and type(opts.undo) ~= "function" then
    error(format("runbook:step: %q: undo: expected a function (got %s)", name, type(opts.undo)), 2)
  end
  self.names[name] = true
  self.steps[#self.steps + 1] = { name = name, fn = fn, undo = opts.undo, destructive = opts.destructive == true }
  return self
end

-- MARK: - Checks before any step

function Runbook:usage()
  local keys = {}
  for k in pairs(self.params) do keys[#keys + 1] = k end
  table.sort(keys, function(a, b)
    local ra, rb = self.params[a].required, self.params[b].required
    if ra ~= rb then return ra end
    return a < b
  end)
  local line, details = { "usage: moongate run " .. self.script }, {}
  for _, k in ipairs(keys) do
    local p = self.params[k]
    line[#line + 1] = p.required and format("-p %s=VALUE", k) or format("[-p %s=VALUE]", k)
    local note = p.required and "required" or (p.default ~= nil and ("default " .. tostring(p.default)) or "optional")
    details[#details + 1] = format("  %-14s (%s)%s", k, note, p.help and (" " .. p.help) or "")
  end
  return table.concat(line, " ") .. (#details > 0 and ("\n" .. table.concat(details, "\n")) or "")
end

function Runbook:usage_error(what)
  host.usage_error(format("%s: runbook %s: %s\n%s", self.script, self.name, what, self:usage()))
end

--- The params of this run: given ones, then the journal's (on --resume), then defaults.
function Runbook:resolve_params(journal)
  local values = {}
  for k, v in pairs(params_given) do
    if not self.params[k] then self:usage_error(format("unknown parameter %s", k)) end
    values[k] = v
  end
  for k, v in pairs(journal and journal.params or {}) do
    if values[k] == nil then values[k] = v
    elseif values[k] ~= v then
      self:usage_error(format("--resume: -p %s=%s differs from the journal's %s=%s (resume with the same parameters, or start over without --resume)",
                              k, values[k], k, tostring(v)))
    end
  end
  for k, p in pairs(self.params) do
    if values[k] == nil then values[k] = p.default end
    if values[k] == nil and p.required then self:usage_error(format("missing required parameter %s", k)) end
  end
  return values
end

--- With --resume: the journal, and the index of the first step to run.
function Runbook:load_journal()
  local journal, err = Journal.load(self.journal_path)
  if err then self:usage_error(format("--resume: journal %s: %s", self.journal_path, err)) end
  if not journal then
    self:usage_error(format("--resume: no journal at %s (nothing to resume; run without --resume to start)", self.journal_path))
  end
  if journal.runbook ~= self.name then
    self:usage_error(format("--resume: journal %s belongs to runbook %s", self.journal_path, tostring(journal.runbook)))
  end
  local start = #self.steps + 1
  for i, entry in ipairs(journal.steps) do
    local step = self.steps[i]
    if not step or step.name ~= entry.name then
      self:usage_error(format("--resume: journal %s does not match this runbook: step %d was %q, is now %q",
                              self.journal_path, i, tostring(entry.name), step and step.name or "(none)"))
    end
  end
  for i = 1, #self.steps do
    local entry = journal.steps[i]
    if not entry or entry.status ~= "done" then start = i; break end
  end
  return journal, start
end

function Runbook:check_destructive(start, opts)
  if opts.dry_run or opts.yes or opts.interactive then return end
  for i = start, #self.steps do
    local step = self.steps[i]
    if step.destructive then
      self:usage_error(format("step %d/%d %q is destructive and there is no terminal to confirm on; nothing was run (rerun with --yes to allow it, or --dry-run to preview)",
                              i, #self.steps, step.name))
    end
  end
end

-- MARK: - Running

local function ms_since(t0) return math.floor((host.now() - t0) * 1000 + 0.5) end

local function describe(err)
  if type(err) == "table" then
    if err.code and err.message then return tostring(err.code) .. ": " .. tostring(err.message) end
    if err.message then return tostring(err.message) end
  end
  return tostring(err)
end

function Runbook:save()
  if self.dry_run then return end
  Journal.record_ctx(self.journal, self.ctx, RESERVED, self.warned)
  Journal.save(self.journal)
end

function Runbook:set_status(i, status, extra)
  local entry = self.journal.steps[i]
  if not entry or status == "running" then entry = { name = self.steps[i].name } end
  entry.status = status
  for k, v in pairs(extra or {}) do entry[k] = v end
  self.journal.steps[i] = entry
end

--- Undoes the steps still in effect before `failed`, last first. Returns a summary.
function Runbook:rollback(failed)
  local undone, kept, broken = {}, {}, {}
  for i = failed - 1, 1, -1 do
    local step, entry = self.steps[i], self.journal.steps[i]
    if entry and entry.status == "done" then
      if not step.undo then
        self.progress:finish("undo", i, step.name, "none")
        kept[#kept + 1] = i
      else
        local t0 = host.now()
        local ok, err = pcall(step.undo, self.ctx)
        if not ok and host.stopping() then error(err, 0) end
        if ok then
          self:set_status(i, "undone", { undo_ms = ms_since(t0) })
          self.progress:finish("undo", i, step.name, "ok", ms_since(t0))
          undone[#undone + 1] = i
        else
          self:set_status(i, "undo_failed", { undo_error = describe(err) })
          self.progress:finish("undo", i, step.name, "failed", ms_since(t0), describe(err))
          broken[#broken + 1] = format("%d %q (%s)", i, step.name, describe(err))
        end
        self:save()
      end
    end
  end
  local parts = {}
  parts[#parts + 1] = #undone > 0 and ("rolled back steps " .. table.concat(undone, ", ")) or "nothing to roll back"
  if #kept > 0 then parts[#parts + 1] = "steps without undo kept: " .. table.concat(kept, ", ") end
  if #broken > 0 then parts[#parts + 1] = "UNDO FAILED for step " .. table.concat(broken, "; ") .. " — check by hand" end
  return table.concat(parts, "; "), #broken == 0
end

function Runbook:fail(i, err)
  local step, n = self.steps[i], #self.steps
  local summary
  if self.on_failure == "rollback" then
    local clean
    summary, clean = self:rollback(i)
    self.journal.status = clean and "rolled_back" or "failed"
  else
    summary = "completed steps kept (on_failure = \"stop\"); fix the cause and rerun with --resume"
    self.journal.status = "failed"
  end
  self:save()
  local message = format("step %d/%d %q failed: %s; %s", i, n, step.name, describe(err), summary)
  self.progress:done("failed", message, ms_since(self.t0))
  host.exit_error(format("%s: runbook %s: %s", self.script, self.name, message), 1)
end

function Runbook:decline(i)
  local step, n = self.steps[i], #self.steps
  self.progress:finish("step", i, step.name, "declined")
  self.journal.status = "stopped"
  self:save()
  local message = format("step %d/%d %q declined; the steps before it are kept (rerun with --resume to continue)",
                         i, n, step.name)
  self.progress:done("stopped", message, ms_since(self.t0))
  host.exit_error(format("%s: runbook %s: %s", self.script, self.name, message), 1)
end

--- Runs the steps (see the header). Returns ctx when every step succeeded.
function Runbook:run()
  local opts = host.options()
  self.script, self.dry_run, self.warned, self.t0 = opts.script, opts.dry_run, {}, host.now()
  self.journal_path = Journal.path(self.name)
  local n = #self.steps

  local previous, start = nil, 1
  if opts.resume then previous, start = self:load_journal() end
  local params = self:resolve_params(previous)
  self:check_destructive(start, opts)

  self.ctx = { params = params, dry_run = opts.dry_run, runbook = self.name }
  self.journal = previous or Journal.new(self.name, opts.script, params)
  if previous then
    for k, v in pairs(previous.ctx or {}) do if not RESERVED[k] then self.ctx[k] = v end end
  end
  self.progress = Progress.new(self.name, n, opts.log_format)
  self.progress:start(params, { dry_run = opts.dry_run, resume = opts.resume,
                                journal = not opts.dry_run and self.journal_path or nil })
  if previous and previous.status == "completed" then
    self.progress:done("completed", "nothing to resume: the journaled run completed", 0)
    return self.ctx
  end
  self.journal.status = "running"
  self:save()

  for i, step in ipairs(self.steps) do
    if i < start then
      self.progress:skip(i, step.name, "done in an earlier run")
    else
      if step.destructive and not opts.dry_run and not opts.yes then
        if not host.confirm(format("[%d/%d] %s: this step is destructive. Run it?", i, n, step.name)) then
          self:decline(i)
        end
      end
      self:set_status(i, "running")
      self:save()
      local t0 = host.now()
      local ok, err = pcall(step.fn, self.ctx)
      if not ok and host.stopping() then error(err, 0) end   -- a stop is no failure: no undo, journal says running
      if not ok then
        self:set_status(i, "failed", { ms = ms_since(t0), error = describe(err) })
        self.progress:finish("step", i, step.name, "failed", ms_since(t0), describe(err))
        self:fail(i, err)
      end
      self:set_status(i, "done", { ms = ms_since(t0) })
      self:save()
      self.progress:finish("step", i, step.name, "ok", ms_since(t0))
    end
  end
  self.journal.status = "completed"
  self:save()
  self.progress:done("completed", format("completed %d steps in %d ms", n, ms_since(self.t0)), ms_since(self.t0))
  return self.ctx
end

return M
