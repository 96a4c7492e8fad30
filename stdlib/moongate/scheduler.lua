-- moongate.scheduler: how a Lua call waits for I/O that Swift runs on other threads.
--
-- A native operation (an API call, a timer) returns a handle at once. Outside `parallel` the script
-- thread simply blocks on it. Inside `parallel`, each item runs in a coroutine: waiting yields the
-- handle to the loop below, which resumes whichever coroutine's handle completes first and keeps up
-- to `limit` items in flight. Lua stays sequential; only the I/O overlaps (OpenResty's cosocket model).
local _, native = ...

local M = {}

local PENDING = setmetatable({}, { __name = "moongate.pending" })
local managed = setmetatable({}, { __mode = "k" }) -- coroutines started by parallel

--- Waits for a native handle; returns ok, value (value is the error object when not ok).
function M.await(handle)
  local co, is_main = coroutine.running()
  if not is_main and managed[co] then
    return coroutine.yield(PENDING, handle)
  end
  return native.await(handle)
end

--- Sleeps `seconds` without blocking other parallel items.
function M.sleep(seconds)
  M.await(native.timer(seconds))
end

local function finish(results, index, ok, value)
  if ok then
    results[index] = { ok = true, value = value }
  else
    results[index] = { ok = false, err = value }
  end
end

--- Runs fn(item, index) for every item of `list` in coroutines, at most `opts.limit` (default 16) at a
--- time. Returns one entry per item, in input order: { ok = true, value = … } or { ok = false, err = … }.
function M.parallel(list, fn, opts)
  if type(list) ~= "table" then error(("moongate.parallel: list: expected a table (got %s)"):format(type(list)), 2) end
  if type(fn) ~= "function" then error(("moongate.parallel: fn: expected a function (got %s)"):format(type(fn)), 2) end
  local limit = math.tointeger(opts and opts.limit or 16)
  if not limit or limit < 1 then
    error(("moongate.parallel: limit: expected a positive integer (got %s)"):format(tostring(opts.limit)), 2)
  end

  local results, waiting = {}, {}   -- waiting: handle -> { coroutine, index }
  local count, next_index, running = #list, 1, 0

  local function step(co, index, ...)
    local resumed, a, b = coroutine.resume(co, ...)
    if not resumed then
      finish(results, index, false, a)
    elseif coroutine.status(co) == "dead" then
      finish(results, index, true, a)
    elseif a == PENDING then
      waiting[b] = { co, index }
      return
    else
      finish(results, index, false, "moongate.parallel: an item yielded outside an API call")
    end
    running = running - 1
  end

  while next_index <= count or running > 0 do
    while running < limit and next_index <= count do
      local index = next_index
      next_index = next_index + 1
      local co = coroutine.create(fn)
      managed[co] = true
      running = running + 1
      step(co, index, list[index], index)
    end
    if running > 0 then
      local handles = {}
      for handle in pairs(waiting) do handles[#handles + 1] = handle end
      local handle, ok, value = native.await_any(handles)
      local entry = waiting[handle]
      waiting[handle] = nil
      step(entry[1], entry[2], ok, value)
    end
  end
  return results
end

return M
