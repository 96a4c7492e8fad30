// LuaStack: the stack of one Lua thread, as seen by Swift (inside a Swift function or the host).
import CLua

/// A view of one Lua thread's stack. Indices are Lua's: 1 is the first argument, -1 the top.
///
/// ```swift
/// lua.register("add") { stack in
///     let a = try stack.int(at: 1), b = try stack.int(at: 2)
///     stack.push(.int(a + b))
///     return .values(1)
/// }
/// ```
public struct LuaStack {
    let L: OpaquePointer
    /// True when a Swift function is called again after its requested yield was resumed.
    public let isResumed: Bool

    init(_ L: OpaquePointer, isResumed: Bool = false) {
        self.L = L
        self.isResumed = isResumed
    }

    /// The LuaState this stack belongs to.
    public var state: LuaState { LuaState.owner(of: L) }

    /// Number of values on the stack (in a Swift function: the number of arguments).
    public var top: Int32 {
        get { lua_gettop(L) }
        nonmutating set { lua_settop(L, newValue) }
    }

    /// Removes `n` values from the top.
    public func pop(_ n: Int32 = 1) { mg_pop(L, n) }

    /// Lua's type name of the value at `index` ("no value" past the top).
    public func typeName(at index: Int32) -> String {
        String(cString: lua_typename(L, lua_type(L, index)))
    }

    public func isNil(at index: Int32) -> Bool { mg_isnoneornil(L, index) != 0 }
    public func isFunction(at index: Int32) -> Bool { lua_type(L, index) == LUA_TFUNCTION }
    public func isTable(at index: Int32) -> Bool { lua_type(L, index) == LUA_TTABLE }

    /// Pushes a copy of the value at `index`.
    public func pushCopy(of index: Int32) { lua_pushvalue(L, index) }

    /// Makes sure `n` more values fit (Lua guarantees only 20 in a Swift function).
    public func reserve(_ n: Int32) throws {
        guard lua_checkstack(L, n) != 0 else {
            throw LuaError(kind: .memory, message: "lua: stack overflow (cannot grow by \(n))")
        }
    }

    /// An absolute index for `index` (stays valid while values are pushed).
    public func absolute(_ index: Int32) -> Int32 { lua_absindex(L, index) }
}

// MARK: - Typed arguments (errors name the argument, like luaL_check*)

extension LuaStack {
    /// The integer at `index` (a float with an integral value is accepted).
    public func int(at index: Int32) throws -> Int64 {
        if let i = try value(at: index).intValue { return i }
        throw argumentError(index, expected: "integer")
    }

    /// The string at `index` as text.
    public func string(at index: Int32) throws -> String {
        if lua_type(L, index) == LUA_TSTRING, let text = try value(at: index).text { return text }
        throw argumentError(index, expected: "string")
    }

    /// Lua's own `bad argument #n to 'f' (X expected, got Y)` (luaL_argerror's wording, counting
    /// arguments as a method call's caller does), raised with the caller's line by the trampoline.
    public func argumentError(_ index: Int32, expected: String) -> LuaRaise {
        let got = typeName(at: index)
        var isMethod: Int32 = 0
        guard let raw = mg_callee_name(L, &isMethod) else {
            return .message("bad argument #\(index) (\(expected) expected, got \(got))")
        }
        let name = String(cString: raw)
        if isMethod != 0 {
            if index == 1 { return .message("calling '\(name)' on bad self (\(expected) expected, got \(got))") }
            return .message("bad argument #\(index - 1) to '\(name)' (\(expected) expected, got \(got))")
        }
        return .message("bad argument #\(index) to '\(name)' (\(expected) expected, got \(got))")
    }
}

// MARK: - Tables

extension LuaStack {
    /// Pops the top value into `table[name]` (a raw set) for the table at `index`.
    public func setField(_ name: String, tableAt index: Int32) {
        let table = lua_absindex(L, index)
        push(name)
        lua_rotate(L, -2, 1)
        lua_rawset(L, table)
    }

    /// Pushes `table[name]` (a raw get) for the table at `index`.
    public func getField(_ name: String, tableAt index: Int32) {
        let table = lua_absindex(L, index)
        push(name)
        lua_rawget(L, table)
    }

    /// Pops the top table and makes it the metatable of the value at `index`.
    public func setMetatable(of index: Int32) {
        lua_setmetatable(L, index)
    }
}
