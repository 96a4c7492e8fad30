// LuaStack+Values: LuaValue ↔ Lua values, converted once at the boundary.
import CLua

/// Registry name of the metatable marking a table as a JSON array (so `{}` vs `[]` survives).
public let luaArrayMetatableName = "moongate.array"

/// Deepest table nesting converted; deeper is an error (it protects the Swift stack).
let luaMaxNesting = 200

// MARK: - Swift → Lua

extension LuaStack {
    /// Pushes `value`. Arrays get the array marker metatable; `.nil` inside a table is `null`.
    public func push(_ value: LuaValue) {
        push(value, inTable: false)
    }

    /// Pushes several values; returns their count (handy for `return .values(...)`).
    @discardableResult
    public func push(_ values: [LuaValue]) -> Int32 {
        precondition(lua_checkstack(L, Int32(values.count) + 2) != 0, "LuaKit: Lua stack cannot grow")
        for v in values { push(v) }
        return Int32(values.count)
    }

    /// Pushes the JSON null sentinel (`moongate.json.null`).
    public func pushNull() { lua_pushlightuserdata(L, nil) }

    public func pushArrayMetatable() {
        if luaL_newmetatable(L, luaArrayMetatableName) != 0 {
            lua_pushstring(L, "array")
            lua_setfield(L, -2, "__jsontype")
        }
    }

    private func push(_ value: LuaValue, inTable: Bool) {
        precondition(lua_checkstack(L, 4) != 0, "LuaKit: Lua stack cannot grow")
        switch value {
        case .nil: if inTable { pushNull() } else { lua_pushnil(L) }
        case .bool(let b): lua_pushboolean(L, b ? 1 : 0)
        case .int(let i): lua_pushinteger(L, i)
        case .double(let d): lua_pushnumber(L, d)
        case .string(let bytes): pushBytes(bytes)
        case .array(let items):
            lua_createtable(L, Int32(clamping: items.count), 0)
            for (i, item) in items.enumerated() {
                push(item, inTable: true)
                lua_rawseti(L, -2, lua_Integer(i + 1))
            }
            pushArrayMetatable()
            lua_setmetatable(L, -2)
        case .map(let fields):
            lua_createtable(L, 0, Int32(clamping: fields.count))
            for (key, item) in fields {
                // Lua tables cannot hold a nil or NaN key: such keys are dropped.
                if key.isNil { continue }
                if case .double(let d) = key, d.isNaN { continue }
                push(key, inTable: false)
                push(item, inTable: true)
                lua_rawset(L, -3)
            }
        }
    }

    func pushBytes(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { buf in
            buf.baseAddress!.withMemoryRebound(to: CChar.self, capacity: max(buf.count, 1)) {
                _ = lua_pushlstring(L, $0, buf.count)
            }
        }
    }

    /// Pushes Swift text as a Lua string (from the string's own UTF-8 storage when it has one).
    public func push(_ text: String) {
        var text = text
        text.withUTF8 { buf in
            guard let base = buf.baseAddress, !buf.isEmpty else { _ = lua_pushstring(L, ""); return }
            base.withMemoryRebound(to: CChar.self, capacity: buf.count) { _ = lua_pushlstring(L, $0, buf.count) }
        }
    }
}

// MARK: - Building tables in place

/// For a tree that is not a `LuaValue` (an API response) to push itself without an intermediate copy:
/// create a table, push each entry, store it. Nested tables are pushed the same way, depth first.
///
/// ```swift
/// stack.pushTable(arrayCount: 0, fieldCount: 1)
/// stack.push("orders"); stack.storeField("BackendName")   // t.BackendName = "orders"
/// ```
extension LuaStack {
    /// Pushes a new table sized for its entries; `isArray` gives it the JSON array marker.
    public func pushTable(arrayCount: Int, fieldCount: Int, isArray: Bool = false) {
        precondition(lua_checkstack(L, 4) != 0, "LuaKit: Lua stack cannot grow")
        lua_createtable(L, Int32(clamping: arrayCount), Int32(clamping: fieldCount))
        if isArray {
            pushArrayMetatable()
            lua_setmetatable(L, -2)
        }
    }

    /// Pops the value on top into the table below it at `index` (1-based).
    public func storeElement(_ index: Int) { lua_rawseti(L, -2, lua_Integer(index)) }

    /// Pops the value on top into the table below it under `name`.
    public func storeField(_ name: String) {
        push(name)
        lua_rotate(L, -2, 1)  // key below value
        lua_rawset(L, -3)
    }
}

// MARK: - Lua → Swift

extension LuaStack {
    /// The value at `index`. Functions, threads, full userdata, cycles and unsupported keys
    /// are refused with a `.conversion` error naming the place (`arg.Tags[2]`).
    public func value(at index: Int32, named place: String = "value") throws -> LuaValue {
        var path: Set<UnsafeRawPointer> = []
        return try value(at: lua_absindex(L, index), place: place, path: &path)
    }

    /// The bytes of the string at `index` (nil when it is not a string; numbers are not converted).
    public func bytes(at index: Int32) -> [UInt8]? {
        guard lua_type(L, index) == LUA_TSTRING else { return nil }
        var length = 0
        guard let p = lua_tolstring(L, index, &length) else { return nil }
        return p.withMemoryRebound(to: UInt8.self, capacity: length) {
            Array(UnsafeBufferPointer(start: $0, count: length))
        }
    }

    private func value(at index: Int32, place: String, path: inout Set<UnsafeRawPointer>) throws -> LuaValue {
        switch lua_type(L, index) {
        case LUA_TNIL, LUA_TNONE: return .nil
        case LUA_TBOOLEAN: return .bool(lua_toboolean(L, index) != 0)
        case LUA_TNUMBER:
            return lua_isinteger(L, index) != 0 ? .int(mg_tointeger(L, index)) : .double(mg_tonumber(L, index))
        case LUA_TSTRING: return .string(bytes(at: index) ?? [])
        case LUA_TLIGHTUSERDATA where lua_touserdata(L, index) == nil: return .nil  // JSON null
        case LUA_TTABLE: return try table(at: index, place: place, path: &path)
        default:
            throw conversionError("\(place): cannot convert a \(typeName(at: index)) value")
        }
    }

    private func table(at index: Int32, place: String, path: inout Set<UnsafeRawPointer>) throws -> LuaValue {
        guard let identity = lua_topointer(L, index) else { return .nil }
        if path.contains(identity) { throw conversionError("\(place): table contains a cycle (refers to itself)") }
        if path.count >= luaMaxNesting { throw conversionError("\(place): tables nested deeper than \(luaMaxNesting)") }
        guard lua_checkstack(L, 4) != 0 else { throw conversionError("\(place): Lua stack cannot grow") }
        path.insert(identity)
        defer { path.remove(identity) }

        var entries: [(LuaValue, LuaValue)] = []
        var isSequence = true
        lua_pushnil(L)
        while lua_next(L, index) != 0 {
            let key: LuaValue
            switch lua_type(L, -2) {
            case LUA_TNUMBER, LUA_TSTRING, LUA_TBOOLEAN:
                key = try value(at: lua_absindex(L, -2), place: place, path: &path)
            default:
                mg_pop(L, 2)
                throw conversionError("\(place): table key of type \(typeName(at: -2)) cannot be converted")
            }
            let item: LuaValue
            do {
                item = try value(at: lua_absindex(L, -1), place: Self.describe(place, key), path: &path)
            } catch {
                mg_pop(L, 2)
                throw error
            }
            if case .int(let i) = key, i >= 1 {} else { isSequence = false }
            entries.append((key, item))
            mg_pop(L, 1)
        }
        if isSequence, !entries.isEmpty {
            var items = [LuaValue](repeating: .nil, count: entries.count)
            var complete = true
            for (key, item) in entries {
                guard case .int(let i) = key, i <= Int64(entries.count) else { complete = false; break }
                items[Int(i - 1)] = item
            }
            if complete { return .array(items) }
        }
        if entries.isEmpty, hasArrayMarker(at: index) { return .array([]) }
        return .map(Dictionary(entries, uniquingKeysWith: { _, last in last }))
    }

    private func hasArrayMarker(at index: Int32) -> Bool {
        guard lua_getmetatable(L, index) != 0 else { return false }
        _ = mg_getmetatable_named(L, luaArrayMetatableName)
        let marked = lua_rawequal(L, -1, -2) != 0
        mg_pop(L, 2)
        return marked
    }

    private static func describe(_ place: String, _ key: LuaValue) -> String {
        switch key {
        case .int(let i): return "\(place)[\(i)]"
        case .string: return "\(place).\(key.text ?? "?")"
        default: return "\(place)[\(key)]"
        }
    }

    private func conversionError(_ message: String) -> LuaError {
        LuaError(kind: .conversion, message: message)
    }
}
