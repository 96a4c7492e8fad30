-- moongate.options: one check for the option tables of the stdlib (cleanup, runbook) and one "did you
-- mean" for misspelt names (client methods too), so a typo such as `kep = "keep.txt"` is an error
-- instead of a silently dropped keep-list.
--
--   local options = require "moongate.options"
--   options.check(spec, { "name", "keep", "max_delete" }, "cleanup.backends", 3)
--   options.closest("create_bakend", { "create_backend", "delete_backend" })   --> "create_backend"

local M = {}

-- Levenshtein distance between two strings.
local function distance(a, b)
  local previous = {}
  for j = 0, #b do previous[j] = j end
  for i = 1, #a do
    local current = { [0] = i }
    for j = 1, #b do
      local cost = a:byte(i) == b:byte(j) and 0 or 1
      current[j] = math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
    end
    previous = current
  end
  return previous[#b]
end

--- The candidate nearest to `name`, when near enough to be what was meant (else nil).
function M.closest(name, candidates)
  local best, best_distance
  for _, candidate in ipairs(candidates) do
    local d = distance(name, candidate)
    if not best_distance or d < best_distance then best, best_distance = candidate, d end
  end
  if best_distance and best_distance <= math.max(2, #name // 3) then return best end
  return nil
end

--- Raises `where: unknown option KEY (did you mean X?; known: …)` for the first key of `spec` not in
--- `known`; `level` is what the caller itself would pass to error() to name the script line.
function M.check(spec, known, where, level)
  local allowed = {}
  for _, name in ipairs(known) do allowed[name] = true end
  local unknown = {}
  for key in pairs(spec) do
    if not allowed[key] then unknown[#unknown + 1] = tostring(key) end
  end
  if #unknown == 0 then return end
  table.sort(unknown)
  local key = unknown[1]
  local sorted = { table.unpack(known) }
  table.sort(sorted)
  local suggestion = M.closest(key, sorted)
  error(string.format("%s: unknown option %s (%sknown: %s)", where, key,
    suggestion and ("did you mean " .. suggestion .. "?; ") or "", table.concat(sorted, ", ")), level + 1)
end

-- Lua reports a malformed pattern only when matching reaches the bad part (find("", "a[") is just nil),
-- so the syntax is checked here: escapes, sets, captures and %b/%f, as lstrlib.c reads them.
--- Why `p` is not a Lua pattern (nil when it is one).
function M.pattern_problem(p)
  local i, depth = 1, 0
  while i <= #p do
    local c = p:sub(i, i)
    if c == "%" then
      local n = p:sub(i + 1, i + 1)
      if n == "" then return "ends with %" end
      if n == "b" then
        if #p < i + 3 then return "%b needs two characters" end
        i = i + 4
      elseif n == "f" then
        if p:sub(i + 2, i + 2) ~= "[" then return "%f needs a set [...]" end
        i = i + 2
      else
        i = i + 2
      end
    elseif c == "[" then
      local j = i + 1
      if p:sub(j, j) == "^" then j = j + 1 end
      if p:sub(j, j) == "]" then j = j + 1 end  -- a ] first in a set is literal
      while true do
        local d = p:sub(j, j)
        if d == "" then return "a set [ is not closed" end
        if d == "%" then j = j + 2 elseif d == "]" then break else j = j + 1 end
      end
      i = j + 1
    else
      if c == "(" then depth = depth + 1 elseif c == ")" then depth = depth - 1 end
      if depth < 0 then return "a ) has no (" end
      i = i + 1
    end
  end
  if depth > 0 then return "a ( is not closed" end
  return nil
end

return M
