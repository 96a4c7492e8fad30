// LuaState+Userdata: Swift objects in Lua as userdata, one named metatable per type.
import CLua

extension LuaState {
    /// Defines (or extends) the metatable for Lua type `typeName`: `__name` is `typeName` (so
    /// error messages say what was expected), `__index` is a table of `methods`, and `__gc`
    /// releases the Swift object. `metamethods` adds e.g. `__tostring`.
    ///
    /// ```swift
    /// lua.defineType("demo.Counter", methods: ["next": { stack in ... }])
    /// stack.push(object: Counter(), typeName: "demo.Counter")
    /// ```
    public func defineType(_ typeName: String, methods: [String: LuaSwiftFunction],
                           metamethods: [String: LuaSwiftFunction] = [:]) {
        // Raw access throughout: these tables may be within a script's reach by now, and a
        // metamethod raising here would unwind Swift frames.
        _ = mg_box_metatable(L, typeName)
        if !methods.isEmpty {
            stack.getField("__index", tableAt: -1)
            if lua_type(L, -1) != LUA_TTABLE {
                mg_pop(L, 1)
                mg_newtable(L)
                lua_pushvalue(L, -1)
                stack.setField("__index", tableAt: -3)
            }
            for (name, body) in methods {
                stack.push(function: body)
                stack.setField(name, tableAt: -2)
            }
            mg_pop(L, 1)
        }
        for (name, body) in metamethods {
            stack.push(function: body)
            stack.setField(name, tableAt: -2)
        }
        mg_pop(L, 1)
    }
}

extension LuaStack {
    /// Pushes `object` as a userdata of Lua type `typeName` (see `LuaState.defineType`).
    public func push(object: AnyObject, typeName: String) {
        let retained = Unmanaged.passRetained(object).toOpaque()
        _ = mg_push_box(L, retained, luaKitRelease, typeName)
    }

    /// The Swift object at `index` if it is a userdata of `typeName` holding a `T`.
    public func object<T: AnyObject>(at index: Int32, typeName: String, as type: T.Type = T.self) -> T? {
        guard let p = mg_box_object(L, index, typeName) else { return nil }
        return Unmanaged<AnyObject>.fromOpaque(p).takeUnretainedValue() as? T
    }

    /// Like `object(at:typeName:)`, or a `bad argument #n (typeName expected, got X)` error.
    public func checkObject<T: AnyObject>(at index: Int32, typeName: String, as type: T.Type = T.self) throws -> T {
        if let o = object(at: index, typeName: typeName, as: type) { return o }
        throw argumentError(index, expected: typeName)
    }
}

extension LuaStack {
    /// Sets `field` of type `typeName`'s metatable to the value at `index`; e.g. a Lua table of
    /// methods as `__index`, so a type's methods can be written in Lua.
    public func setMetafield(_ field: String, ofType typeName: String, toValueAt index: Int32) {
        let value = absolute(index)
        _ = mg_box_metatable(L, typeName)
        lua_pushvalue(L, value)
        setField(field, tableAt: -2)  // raw: see defineType
        mg_pop(L, 1)
    }
}
