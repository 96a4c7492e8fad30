// ScriptRunner+Modules: the moongate.* modules a script can require — embedded Lua stdlib,
// native moongate.json, and the host's moongate.params and moongate.host.
import CloudAPI
import LuaKit

extension ScriptRunner {
    func installModules() throws {
        calls.pushNativeModule(onto: lua.stack)
        try lua.preload(sharingTopWith: EmbeddedStdlib.modules.map {
            (name: $0.name, source: Array($0.source.utf8), chunkName: "=[stdlib] " + $0.path)
        })
        lua.registerModule("moongate.json") { stack in Self.pushJSONModule(stack) }
        installHostModule()

        // One params table: the global `params` and require("moongate").params are the same.
        var params: [LuaValue: LuaValue] = [:]
        for (k, v) in options.params { params[.text(k)] = .text(v) }
        lua.stack.push(.map(params))
        lua.stack.pushCopy(of: -1)
        lua.setGlobalFromTop("params")
        lua.setLoadedFromTop("moongate.params")

        // The globals `apigateway` and `moongate` (like `params`), loaded on first use so scripts that
        // never touch them pay nothing.
        _ = try lua.run("""
            local lazy = { apigateway = "moongate.apigateway", moongate = "moongate" }
            setmetatable(_G, { __index = function(t, key)
              local name = lazy[key]
              if name then
                local module = require(name)
                rawset(t, key, module)
                return module
              end
            end })
            """, chunkName: "=(moongate)")
    }

    /// The names of the embedded stdlib modules (for diagnostics and tests).
    public static var stdlibModuleNames: [String] { EmbeddedStdlib.modules.map(\.name) }

    // MARK: - moongate.json

    /// `json.encode(value [, {indent = n}])`, `json.decode(text)`, `json.null`, `json.array(t)`.
    /// The text is CloudAPI's JSON codec, reached through the one LuaValue ↔ Value conversion.
    static func pushJSONModule(_ stack: LuaStack) {
        stack.push(.map([:]))
        stack.push(function: { s in
            let value = try s.value(at: 1, named: "json.encode")
            var format = Value.JSONFormat.compact
            if s.isTable(at: 2), let indent = try s.value(at: 2)["indent"], !indent.isNil {
                guard let width = indent.intValue, (0...Int64(Value.JSONFormat.maxIndentWidth)).contains(width) else {
                    throw LuaRaise.message("json.encode: indent: expected an integer from 0 to \(Value.JSONFormat.maxIndentWidth) (got \(indent.intValue.map { String($0) } ?? indent.doubleValue.map { String($0) } ?? indent.typeName))")
                }
                if width > 0 { format = Value.JSONFormat(pretty: true, indentWidth: Int(width)) }
            }
            format.maxBytes = s.state.memoryAvailable
            do { s.push(try Value(lua: value, place: "value").jsonString(format)) } catch {
                if let budget = format.maxBytes, error as? JSONError == .textTooLong(budget) {
                    throw LuaRaise.message("json.encode: the text would take more than the \(formatByteCount(budget)) left under the memory limit: not enough memory")
                }
                throw LuaRaise.message("json.encode: \(jsonProblem(error))")
            }
            return .values(1)
        })
        setField(stack, "encode")
        stack.push(function: { s in
            guard let bytes = s.bytes(at: 1) else { throw s.argumentError(1, expected: "string") }
            // The decoded tree can take several times the text's size before Lua holds it.
            if let budget = s.state.memoryAvailable, bytes.count > budget / Self.decodedBytesPerTextByte {
                throw LuaRaise.message("json.decode: \(formatByteCount(bytes.count)) of text needs more than the \(formatByteCount(budget)) left under the memory limit: not enough memory")
            }
            do { s.push(try Value(json: bytes).lua) } catch { throw LuaRaise.message("json.decode: \(jsonProblem(error))") }
            return .values(1)
        })
        setField(stack, "decode")
        stack.pushNull()
        setField(stack, "null")
        stack.push(function: { s in
            // Marks t (or a new table) as an array, so an empty one encodes as [].
            if !s.isTable(at: 1) { s.top = 0; s.push(.map([:])) }
            s.top = 1
            s.pushArrayMetatable()
            s.setMetatable(of: 1)
            return .values(1)
        })
        setField(stack, "array")
    }

    /// A rough upper bound of Swift bytes per byte of JSON text while decoding (e.g. `[1,1,…]`: a Value
    /// per two bytes), for the memory-limit check.
    static let decodedBytesPerTextByte = 8

    /// The codec's problem without its "JSON: " prefix: the module name already says it.
    private static func jsonProblem(_ error: Error) -> String {
        guard let json = error as? JSONError else { return "\(error)" }
        return json.offset.map { "\(json.problem) at byte \($0)" } ?? json.problem
    }

    private static func setField(_ stack: LuaStack, _ name: String) {
        stack.setField(name, tableAt: -2)
    }
}
