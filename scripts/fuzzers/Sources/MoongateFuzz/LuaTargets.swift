// Fuzz target over Lua → Value: the input is a Lua expression (text only), evaluated in a fresh sandboxed
// state beside helpers that make the hard values (cycles, depth, NaN, invalid UTF-8, erroring
// metamethods); the result is converted and encoded as JSON. Errors are fine; crashes are findings.
import CloudAPI
import LuaKit
@testable import Moongate

extension FuzzTargets {
    static let luaHelpers = """
        local cyc = {}; cyc.self = cyc; cyc[1] = cyc
        local function deep(n) local t = {} for _ = 1, math.min(tonumber(n) or 0, 100000) do t = { t } end return t end
        local nan, inf = 0/0, math.huge
        local bad = "\\xff\\xfe\\xc3"
        local trap = setmetatable({}, { __index = function() error("index") end, __pairs = function() error("pairs") end,
          __len = function() error("len") end, __newindex = function() error("newindex") end })
        local function mt(t, m) return setmetatable(t, m) end
        return
        """

    static func luaValue(_ bytes: [UInt8]) {
        guard let lua = try? LuaState() else { return }
        defer { lua.close() }
        lua.memoryLimit = 64 << 20
        lua.setTimeout(seconds: 0.2)
        let source = Array(luaHelpers.utf8) + [32] + bytes
        guard let results = try? lua.run(source: source, chunkName: "=fuzz") else { return }
        for (index, result) in results.enumerated() {
            guard let value = try? Value(lua: result, place: "result[\(index)]") else { continue }
            _ = try? value.jsonBytes()
        }
    }
}
