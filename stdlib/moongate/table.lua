-- moongate.table: rows as an aligned table for a human, JSON lines for a program.
--
--   local mtable = require("moongate").table          -- or require "moongate.table"
--   mtable({ { id = "b-1", name = "tmp-a", age = "9d" } }, { "id", "name", { key = "age", title = "AGE" } })
--   id   name   AGE
--   b-1  tmp-a  9d
--
-- The format follows the run's log format: text when stdout is a terminal (or --log-format text),
-- else one JSON object per row holding just the listed columns (`jq` reads it as is).
-- columns: keys, or { key = ..., title = ..., align = "right" }; default: every key of the rows,
-- sorted. opts: { format = "text"|"json", out = io.stderr, empty = "(nothing)" }.
-- Returns the number of rows printed.

local json = require "moongate.json"
local log_format = require("moongate.host").options().log_format

local concat, rep, format = table.concat, string.rep, string.format

local function width(s)
  return utf8.len(s) or #s
end

local function cell(v)
  if v == nil then return "" end
  if v == json.null then return "null" end
  if type(v) == "table" then
    local ok, text = pcall(json.encode, v)
    return ok and text or tostring(v)
  end
  return tostring(v)
end

local function normalize_columns(rows, columns)
  local out = {}
  if columns == nil then
    local seen = {}
    for _, row in ipairs(rows) do
      for k in pairs(row) do
        if type(k) == "string" and not seen[k] then seen[k] = true; out[#out + 1] = { key = k, title = k } end
      end
    end
    table.sort(out, function(a, b) return a.key < b.key end)
    return out
  end
  for i, c in ipairs(columns) do
    if type(c) == "string" then
      out[i] = { key = c, title = c }
    elseif type(c) == "table" and c.key ~= nil then
      out[i] = { key = c.key, title = c.title or tostring(c.key), align = c.align }
    else
      error(format("moongate.table: column %d: expected a key or { key = ..., title = ... } (got %s)", i, type(c)), 3)
    end
  end
  return out
end

local function print_text(out, rows, cols, opts)
  local widths = {}
  for i, c in ipairs(cols) do widths[i] = width(c.title) end
  local cells = {}
  for r, row in ipairs(rows) do
    cells[r] = {}
    for i, c in ipairs(cols) do
      local text = cell(row[c.key])
      cells[r][i] = text
      if width(text) > widths[i] then widths[i] = width(text) end
    end
  end
  local function line(texts)
    local parts = {}
    for i, text in ipairs(texts) do
      local pad = rep(" ", widths[i] - width(text))
      if cols[i].align == "right" then parts[i] = pad .. text
      elseif i == #texts then parts[i] = text            -- no trailing blanks
      else parts[i] = text .. pad end
    end
    out:write(concat(parts, "  "), "\n")
  end
  local titles = {}
  for i, c in ipairs(cols) do titles[i] = c.title end
  line(titles)
  for r = 1, #rows do line(cells[r]) end
  if #rows == 0 then out:write(opts.empty or "(no rows)", "\n") end
end

local function print_json(out, rows, cols)
  for _, row in ipairs(rows) do
    local object = {}
    for _, c in ipairs(cols) do
      local v = row[c.key]
      if v ~= json.null and (type(v) == "function" or type(v) == "userdata" or type(v) == "thread") then v = tostring(v) end
      object[c.key] = v
    end
    out:write(json.encode(object), "\n")
  end
end

--- Prints `rows` (a list of tables) under `columns`; see the header for the options.
local function print_table(rows, columns, opts)
  if type(rows) ~= "table" then
    error(format("moongate.table: rows: expected a list of tables (got %s)", type(rows)), 2)
  end
  opts = opts or {}
  local cols = normalize_columns(rows, columns)
  local out = opts.out or io.stdout
  if (opts.format or log_format) == "json" then print_json(out, rows, cols)
  else print_text(out, rows, cols, opts) end
  out:flush()
  return #rows
end

return setmetatable({ print = print_table }, { __call = function(_, ...) return print_table(...) end })
