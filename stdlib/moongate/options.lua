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

return M
