-- moongate.redact: copies of values with secret-named fields masked as "***", at any depth.
--
-- One rule for the whole program (Swift's SecretFields): Password, SecretKey, AccessKeySecret,
-- SecurityToken, a Nacos AccessKey… moongate.log and moongate.inspect print through it, so a response
-- printed whole never shows a secret.
local _, native = ...

local M = {}

M.is_secret = native.is_secret_key

local function copy(value, seen)
  if type(value) ~= "table" then return value end
  if seen[value] then return seen[value] end
  local out = {}
  seen[value] = out
  for k, v in pairs(value) do
    if type(k) == "string" and M.is_secret(k) then
      out[k] = "***"
    else
      out[k] = copy(v, seen)
    end
  end
  return setmetatable(out, getmetatable(value))  -- keeps json.array markers and error objects
end

--- A copy of `value` with every secret-named field masked (cycles are kept as cycles).
function M.redact(value)
  return copy(value, {})
end

return M
