-- moongate.inspect: a readable dump of any Lua value, nested tables included.
--
--   local inspect = require "moongate.inspect"
--   print(inspect({ name = "api", ports = { 80, 443 } }))
--   --> { name = "api", ports = { 80, 443 } }
--
-- Keys are sorted (numbers first, then strings, then others by their text) so output is stable;
-- a table met again on the current path prints as <cycle>; options: { indent = "  " } for one
-- key per line, { depth = n } to stop at depth n (deeper tables print as {...}).

local M = {}

local type, tostring, pairs, format = type, tostring, pairs, string.format
local sort, concat, rep = table.sort, table.concat, string.rep

local function is_identifier(s)
  return type(s) == "string" and s:match("^[%a_][%w_]*$") ~= nil
end

local kind_order = { number = 1, string = 2, boolean = 3 }

local function key_less(a, b)
  local ka, kb = kind_order[type(a)] or 4, kind_order[type(b)] or 4
  if ka ~= kb then return ka < kb end
  if ka == 1 or ka == 2 then return a < b end
  return tostring(a) < tostring(b)
end

local function scalar(v)
  if type(v) == "string" then return format("%q", v):gsub("\\\n", "\\n") end
  if math.type(v) == "float" and v == math.floor(v) and v == v and v ~= math.huge and v ~= -math.huge then
    return format("%.1f", v)
  end
  return tostring(v)
end

local function dump(v, opts, path, level, out)
  if type(v) ~= "table" then out[#out + 1] = scalar(v); return end
  if path[v] then out[#out + 1] = "<cycle>"; return end
  if opts.depth and level >= opts.depth then out[#out + 1] = "{...}"; return end
  local keys, n = {}, #v
  for k in pairs(v) do
    if not (math.type(k) == "integer" and k >= 1 and k <= n) then keys[#keys + 1] = k end
  end
  sort(keys, key_less)
  if n == 0 and #keys == 0 then out[#out + 1] = "{}"; return end
  path[v] = true
  local indent = opts.indent
  local pad = indent and ("\n" .. rep(indent, level + 1)) or " "
  out[#out + 1] = "{"
  local first = true
  local function sep()
    out[#out + 1] = first and pad or ("," .. pad)
    first = false
  end
  for i = 1, n do
    sep()
    dump(v[i], opts, path, level + 1, out)
  end
  for _, k in ipairs(keys) do
    sep()
    if is_identifier(k) then out[#out + 1] = k else
      out[#out + 1] = "["; dump(k, opts, path, level + 1, out); out[#out + 1] = "]"
    end
    out[#out + 1] = " = "
    dump(v[k], opts, path, level + 1, out)
  end
  out[#out + 1] = indent and ("\n" .. rep(indent, level) .. "}") or " }"
  path[v] = nil
end

--- Returns a readable string for `value`.
function M.inspect(value, opts)
  local out = {}
  -- Secret-named fields print as "***" (moongate.redact), so a dumped response never shows one.
  dump(require("moongate.redact").redact(value), opts or {}, {}, 0, out)
  return concat(out)
end

return setmetatable(M, { __call = function(_, value, opts) return M.inspect(value, opts) end })
