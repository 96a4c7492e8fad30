-- moongate.test: tests in busted's shape for `moongate test`, against the file's own emulator.
--
--   local t = require "moongate.test"
--   t.describe("team.backends", function()
--     t.before_each(function() t.reset() end)
--     t.it("deletes week-old temporary backends", function()
--       t.seed{ Backends = { { BackendId = ("a"):rep(32), BackendName = "tmp-x", BackendType = "HTTP" } } }
--       t.clock.advance(8 * 86400)
--       local summary = require("team.backends").cleanup_stale()
--       t.expect(summary.deleted).to_equal(1)
--       t.expect_calls{ { "DescribeBackendList" }, { "DeleteBackend", { BackendId = ("a"):rep(32) } } }
--     end)
--   end)
--
-- describe/it/before_each/after_each/pending (also globals in test files, with expect), expect(v)
-- .to_equal (deep, with a diff) .to_be .to_match .to_contain .to_fail_with(code_glob) .to_be_nil
-- .to_be_truthy and .never.<any of them>; seed (the emulator seed format), reset, faults{…}
-- (scoped to a function, or to the rest of the test), calls and expect_calls (the calls the test
-- sent after its before_each hooks), clock.advance (the emulator's clock, os.time, os.date and
-- moongate.now), run_script (a runbook or cron script with params and args).
-- What a test prints (print, io.write, moongate.log) is kept and shown only when it fails.
local _, native = ...
local inspect = require "moongate.inspect"
local apigateway = require "moongate.apigateway"
local T = native.test
if not T then
  error("moongate.test: works only inside `moongate test` (run this file with: moongate test FILE)", 2)
end

local M = {}
local format, concat = string.format, table.concat

--------------------------------------------------------------------------------------------------
-- Declaring tests
--------------------------------------------------------------------------------------------------

local root = { before = {}, after = {} }
local current = root      -- the describe block being declared
local tests = {}          -- in declaration order: { name, where, fn, suite, pending }
local running             -- the test being run, if any

local function check_args(what, name, fn, optional_fn)
  if type(name) ~= "string" then error(format("%s: name: expected a string (got %s)", what, type(name)), 3) end
  if not (type(fn) == "function" or (optional_fn and fn == nil)) then
    error(format("%s: %s: expected a function (got %s)", what, name, type(fn)), 3)
  end
  if running then error(format("%s: %s: inside a running test; declare it in the file or a describe block", what, name), 3) end
end

local function full_name(suite, name)
  local parts = { name }
  while suite and suite.name do
    table.insert(parts, 1, suite.name)
    suite = suite.parent
  end
  return concat(parts, " ")
end

--- A group of tests (and of hooks, which apply to the tests inside it).
function M.describe(name, fn)
  check_args("describe", name, fn)
  local outer = current
  current = { name = name, parent = outer, before = {}, after = {} }
  fn()  -- an error here is reported against the file
  current = outer
end

--- A test; without a function it is pending.
function M.it(name, fn)
  check_args("it", name, fn, true)
  tests[#tests + 1] = { name = full_name(current, name), where = T.where(), fn = fn, suite = current, pending = fn == nil }
end

--- A test to write later: listed as pending, not run.
function M.pending(name, fn)
  check_args("pending", name, fn, true)
  tests[#tests + 1] = { name = full_name(current, name), where = T.where(), suite = current, pending = true }
end

function M.before_each(fn)
  check_args("before_each", "hook", fn)
  current.before[#current.before + 1] = fn
end

function M.after_each(fn)
  check_args("after_each", "hook", fn)
  current.after[#current.after + 1] = fn
end

--------------------------------------------------------------------------------------------------
-- Expectations
--------------------------------------------------------------------------------------------------

local function show(v) return inspect(v) end

local function fail(message)
  -- The innermost line outside the stdlib is the test's own `expect(...)` line.
  local where = T.where()
  error((where and (where .. ": ") or "") .. message, 0)
end

local function deep_equal(a, b, seen)
  if a == b then return true end
  if type(a) ~= "table" or type(b) ~= "table" then return false end
  seen = seen or {}
  if seen[a] == b then return true end
  seen[a] = b
  for k, v in pairs(a) do
    if not deep_equal(v, b[k], seen) then return false end
  end
  for k in pairs(b) do
    if a[k] == nil then return false end
  end
  return true
end

local function key_text(k)
  if type(k) == "string" and k:match("^[%a_][%w_]*$") then return "." .. k end
  return "[" .. show(k) .. "]"
end

local function sorted_keys(a, b)
  local keys, seen = {}, {}
  for _, t in ipairs({ a, b }) do
    for k in pairs(t) do
      if not seen[k] then seen[k] = true; keys[#keys + 1] = k end
    end
  end
  table.sort(keys, function(x, y)
    if type(x) == type(y) and (type(x) == "number" or type(x) == "string") then return x < y end
    return type(x) < type(y)
  end)
  return keys
end

local max_diff_lines = 20

--- Lines saying where `actual` and `expected` differ: "  .Items[2].Name: got "b", expected "c"".
local function diff(actual, expected, path, out, seen)
  if #out >= max_diff_lines then return out end
  if type(actual) == "table" and type(expected) == "table" then
    if seen[actual] == expected then return out end
    seen[actual] = expected
    for _, k in ipairs(sorted_keys(actual, expected)) do
      local p = path .. key_text(k)
      if actual[k] == nil then
        out[#out + 1] = format("  %s: missing (expected %s)", p, show(expected[k]))
      elseif expected[k] == nil then
        out[#out + 1] = format("  %s: not expected (got %s)", p, show(actual[k]))
      else
        diff(actual[k], expected[k], p, out, seen)
      end
      if #out >= max_diff_lines then out[#out + 1] = "  …"; break end
    end
  elseif not deep_equal(actual, expected) then
    out[#out + 1] = format("  %s: got %s, expected %s", path == "" and "value" or path, show(actual), show(expected))
  end
  return out
end

--- The text of an error value: an API error's summary, a message, or the value shown.
local function error_text(err)
  if type(err) == "string" then return err end
  local mt = getmetatable(err)
  if type(mt) == "table" and mt.__tostring then return tostring(err) end
  return show(err)
end

local function expectation(value, negated)
  local e = {}
  local function check(ok, message)
    if negated then ok = not ok end
    if not ok then fail((negated and message:gsub("^expected ", "expected not ", 1) or message)) end
  end
  function e.to_equal(expected)
    local same = deep_equal(value, expected)
    if negated or same then return check(same, format("expected %s to equal %s", show(value), show(expected))) end
    local lines = type(value) == "table" and type(expected) == "table" and diff(value, expected, "", {}, {}) or {}
    fail(format("expected %s to equal %s", show(value), show(expected)) .. (#lines > 0 and ("\n" .. concat(lines, "\n")) or ""))
  end
  function e.to_be(expected) check(value == expected, format("expected %s to be %s", show(value), show(expected))) end
  function e.to_be_nil() check(value == nil, format("expected %s to be nil", show(value))) end
  function e.to_be_truthy() check(value and true or false, format("expected %s to be truthy", show(value))) end
  function e.to_match(pattern)
    local ok, found = pcall(string.find, type(value) == "string" and value or "", pattern)
    if not ok then fail(format("to_match: bad pattern %s (%s)", show(pattern), tostring(found))) end
    check(type(value) == "string" and found ~= nil, format("expected %s to match %s", show(value), show(pattern)))
  end
  function e.to_contain(item)
    local found = false
    if type(value) == "string" and type(item) == "string" then
      found = value:find(item, 1, true) ~= nil
    elseif type(value) == "table" then
      for _, v in pairs(value) do
        if deep_equal(v, item) then found = true; break end
      end
    end
    check(found, format("expected %s to contain %s", show(value), show(item)))
  end
  --- `value` is a function that must fail; with a glob, the error's code (an API error's, e.g.
  --- "NotFound*") or else its message must match it. Returns the error.
  function e.to_fail_with(glob)
    if type(value) ~= "function" then fail(format("to_fail_with: expected a function to call (got %s)", type(value))) end
    local ok, err = pcall(value)
    if ok then
      if not negated then fail(format("expected the function to fail%s, but it returned", glob and (" with " .. glob) or "")) end
      return nil
    end
    local subject = type(err) == "table" and err.code or error_text(err)
    local matches = glob == nil or apigateway.glob_matches(glob, subject)
    check(matches, format("expected the function to fail with %s, but it failed with %s", tostring(glob), error_text(err)))
    return err
  end
  if not negated then e.never = expectation(value, true) end
  return e
end

function M.expect(value) return expectation(value, false) end

--------------------------------------------------------------------------------------------------
-- The emulator and the calls
--------------------------------------------------------------------------------------------------

-- Calls the host so that an error names the test's line (the caller of the t.* function), not this file's.
local function host(fn, ...)
  local results = table.pack(pcall(fn, ...))
  if results[1] then return table.unpack(results, 2, results.n) end
  error((tostring(results[2]):gsub("^%[stdlib%] moongate/test%.lua:%d+: ", "")), 3)
end

--- Adds resources to the emulator (the seed file's format: Backends, Apis, Groups, Apps, ApiProducts, …).
function M.seed(seed) host(T.seed, seed) end

--- A clean emulator: empty (or the --emulator-seed state), its clock back to now, no faults.
function M.reset() host(T.reset) end

local active_faults  -- the t.faults spec in force, if any

--- Faults on every request (`{ throttle = 1 }`, `{ error5xx = 0.5, delay = "50ms" }`, the names of
--- --faults): while `fn` runs, or without `fn` until the end of the test.
function M.faults(spec, fn)
  if type(spec) ~= "table" then error(format("t.faults: expected a table such as { throttle = 1 } (got %s)", type(spec)), 2) end
  local previous = active_faults
  host(T.faults, spec)
  active_faults = spec
  if fn == nil then return end
  local ok, err = pcall(fn)
  T.faults(previous)
  active_faults = previous
  if not ok then error(err, 0) end
end

--- The calls the test sent after its before_each hooks: { { operation = "…", params = {…} }, … }.
function M.calls() return T.calls() end

--- Fails unless the test sent exactly these calls, in this order: { { "Operation", { Param = value } }, … }
--- (parameters not listed are not compared).
function M.expect_calls(expected)
  if type(expected) ~= "table" then error("t.expect_calls: expected a list such as { { \"DeleteBackend\", { BackendId = id } } }", 2) end
  local sent, problems = T.calls(), {}
  for i, want in ipairs(expected) do
    local got = sent[i]
    if got == nil then
      problems[#problems + 1] = format("  call %d: expected %s, not sent", i, tostring(want[1]))
    elseif got.operation ~= want[1] then
      problems[#problems + 1] = format("  call %d: expected %s, sent %s", i, tostring(want[1]), got.operation)
    else
      for k, v in pairs(want[2] or {}) do
        if not deep_equal(got.params[k], v) then
          problems[#problems + 1] = format("  call %d %s: %s: got %s, expected %s", i, got.operation, tostring(k), show(got.params[k]), show(v))
        end
      end
    end
  end
  for i = #expected + 1, #sent do
    problems[#problems + 1] = format("  call %d: %s %s was not expected", i, sent[i].operation, show(sent[i].params))
  end
  if #problems == 0 then return end
  local list = {}
  for i, call in ipairs(sent) do list[#list + 1] = format("    %d. %s %s", i, call.operation, show(call.params)) end
  fail("the calls sent differ from the expected ones:\n" .. concat(problems, "\n")
       .. "\n  sent:" .. (#list > 0 and ("\n" .. concat(list, "\n")) or " none"))
end

M.clock = {}

--- Moves the emulator's clock (CreatedTime of what it creates from now on, ModifiedTime, …), os.time,
--- os.date and moongate.now `seconds` ahead.
function M.clock.advance(seconds)
  if math.type(seconds) == nil or seconds < 0 or seconds ~= seconds or seconds == math.huge then
    error(format("t.clock.advance: seconds: expected a number of seconds >= 0 (got %s)", show(seconds)), 2)
  end
  host(T.advance, seconds)
end

--- os.time() as the test sees it.
function M.clock.now() return os.time() end

--- Runs a script file (a runbook, a cron job) in this test: `params` become its params, `args` its
--- arg[1…] and `...`. Returns what the script returns; its errors are raised.
function M.run_script(path, opts)
  opts = opts or {}
  local params = require "moongate.params"
  local saved = {}
  for k, v in pairs(params) do saved[k] = v end
  for k in pairs(saved) do params[k] = nil end
  for k, v in pairs(opts.params or {}) do params[k] = tostring(v) end
  local args = opts.args or {}
  local saved_arg = rawget(_G, "arg")
  rawset(_G, "arg", { [0] = path, table.unpack(args) })
  local chunk, load_error = loadfile(path)
  local results = chunk and table.pack(pcall(chunk, table.unpack(args))) or { false, load_error, n = 2 }
  for k in pairs(params) do params[k] = nil end
  for k, v in pairs(saved) do params[k] = v end
  rawset(_G, "arg", saved_arg)
  if not results[1] then error(results[2], 0) end
  return table.unpack(results, 2, results.n)
end

--------------------------------------------------------------------------------------------------
-- Running (called by `moongate test`, not by test files)
--------------------------------------------------------------------------------------------------

local captured  -- what the running test printed, or nil when not capturing

local function keep(...)
  for i = 1, select("#", ...) do captured[#captured + 1] = tostring((select(i, ...))) end
end

--- A stand-in for io.stdout/io.stderr that keeps what a running test writes.
local function capturing(real)
  return setmetatable({}, {
    __name = "FILE*",
    __tostring = function() return tostring(real) end,
    __index = function(_, key)
      if key == "write" then
        return function(self, ...)
          if captured then keep(...) return self end
          real:write(...)
          return self
        end
      end
      local v = real[key]
      if type(v) == "function" then return function(_, ...) return v(real, ...) end end
      return v
    end,
  })
end

--- Makes the test's world: the globals, the test clock behind os.time/os.date, captured output.
function M._install()
  for _, name in ipairs({ "describe", "it", "pending", "before_each", "after_each", "expect" }) do
    rawset(_G, name, M[name])
  end
  local real_time, real_date = os.time, os.date
  os.time = function(t)
    if t == nil then return real_time() + math.floor(T.clock_ahead()) end
    return real_time(t)
  end
  os.date = function(fmt, t) return real_date(fmt, t or os.time()) end
  local real_print, real_write = print, io.write
  print = function(...)
    if not captured then return real_print(...) end
    local n = select("#", ...)
    for i = 1, n do keep((select(i, ...)), i < n and "\t" or "") end
    keep("\n")
  end
  io.write = function(...)
    if not captured then return real_write(...) end
    keep(...)
    return io.stdout
  end
  io.stdout, io.stderr = capturing(io.stdout), capturing(io.stderr)
end

--- The tests whose full name matches `filter` (a Lua pattern; nil: all).
function M._list(filter)
  local list = {}
  for id, test in ipairs(tests) do
    if filter == nil or test.name:find(filter) then
      list[#list + 1] = { id = id, name = test.name, where = test.where, pending = test.pending }
    end
  end
  return list
end

local function protected(fn)
  local ok, err = pcall(fn)
  if ok then return true end
  return false, error_text(err)
end

--- Runs test `id`: the before_each hooks (outer first), the test, the after_each hooks (inner first,
--- also after a failure). Returns { status = "passed"|"failed"|"pending", message, output }.
function M._run(id)
  local test = tests[id]
  if test.pending then return { status = "pending" } end
  local chain, suite = {}, test.suite
  while suite do table.insert(chain, 1, suite); suite = suite.parent end
  captured, running = {}, test
  local ok, message = true, nil
  for _, s in ipairs(chain) do
    for _, hook in ipairs(s.before) do
      ok, message = protected(hook)
      if not ok then message = "before_each: " .. message; break end
    end
    if not ok then break end
  end
  T.clear_calls()
  if ok then ok, message = protected(test.fn) end
  for i = #chain, 1, -1 do
    for _, hook in ipairs(chain[i].after) do
      local hook_ok, hook_message = protected(hook)
      if ok and not hook_ok then ok, message = false, "after_each: " .. hook_message end
    end
  end
  if active_faults then T.faults(nil); active_faults = nil end
  local output = concat(captured)
  captured, running = nil, nil
  return { status = ok and "passed" or "failed", message = message, output = output }
end

--- After a test the host stopped (it timed out): forget it was running.
function M._abandon()
  if active_faults then T.faults(nil); active_faults = nil end
  local output = concat(captured or {})
  captured, running = nil, nil
  return output
end

return M
