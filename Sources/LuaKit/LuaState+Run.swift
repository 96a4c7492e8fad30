// LuaState+Run: load chunks (text only), call them protected, turn Lua errors into LuaError.
import CLua

// MARK: - Globals

extension LuaState {
    /// Sets global `name` (a raw set: a script's `_G` metatable cannot interfere).
    public func setGlobal(_ name: String, _ value: LuaValue) {
        stack.push(value)
        setGlobalFromTop(name)
    }

    /// Reads global `name` (raw).
    public func global(_ name: String) throws -> LuaValue {
        pushGlobal(name)
        defer { mg_pop(L, 1) }
        return try stack.value(at: -1, named: name)
    }

    /// Pops the stack top into global `name` (raw).
    public func setGlobalFromTop(_ name: String) {
        mg_pushglobaltable(L)
        stack.push(name)
        lua_rotate(L, -3, -1)  // globals, name, value
        lua_rawset(L, -3)
        mg_pop(L, 1)
    }

    /// Pushes global `name` (raw).
    public func pushGlobal(_ name: String) {
        mg_pushglobaltable(L)
        stack.push(name)
        lua_rawget(L, -2)
        mg_remove(L, -2)
    }

    /// Sets `package.loaded[name]` to the stack top (popped): `require(name)` then returns it.
    public func setLoadedFromTop(_ name: String) {
        _ = lua_getfield(L, mg_registryindex(), LUA_LOADED_TABLE)
        lua_rotate(L, -2, 1)
        stack.setField(name, tableAt: -2)  // raw: package.loaded is a script's to tamper with
        mg_pop(L, 1)
    }
}

// MARK: - Loading

extension LuaState {
    /// True when `source` is a precompiled (binary) chunk, which LuaKit always refuses.
    public static func isBinaryChunk(_ source: [UInt8]) -> Bool {
        source.starts(with: [0x1B, 0x4C, 0x75, 0x61])  // "\27Lua"
    }

    /// Compiles `source` (text only) and pushes the chunk as a function.
    /// `chunkName` follows Lua: `@file.lua` for files, `=name` for a literal name.
    public func load(_ source: [UInt8], chunkName: String) throws {
        if Self.isBinaryChunk(source) {
            throw LuaError(kind: .syntax,
                           message: "\(Self.displayName(chunkName)): binary (precompiled) chunks are not allowed: load Lua source text",
                           chunk: Self.displayName(chunkName))
        }
        let status = source.withUnsafeBufferPointer { buf in
            buf.baseAddress.map {
                $0.withMemoryRebound(to: CChar.self, capacity: buf.count) {
                    luaL_loadbufferx(L, $0, buf.count, chunkName, "t")
                }
            } ?? luaL_loadbufferx(L, "", 0, chunkName, "t")
        }
        if status != LUA_OK { throw stack.popError(status: status) }
    }

    /// Compiles a file's text and pushes it; unreadable files are `.file` errors.
    public func load(file path: String) throws {
        try load(Self.readFile(path), chunkName: "@" + path)
    }

    /// Compiles without running (pushes nothing); a syntax error is thrown as `file:line: message`.
    public func check(_ source: [UInt8], chunkName: String) throws {
        try load(source, chunkName: chunkName)
        mg_pop(L, 1)
    }

    static func displayName(_ chunkName: String) -> String {
        if chunkName.hasPrefix("@") || chunkName.hasPrefix("=") { return String(chunkName.dropFirst()) }
        return chunkName
    }
}

// MARK: - Calling

extension LuaState {
    /// Calls the function below `nargs` arguments on the stack top, protected, with tracebacks.
    /// Leaves `nresults` results (or all with `nil`) and returns how many it left.
    @discardableResult
    public func call(nargs: Int32, nresults: Int32? = nil) throws -> Int32 {
        return try stack.call(nargs: nargs, nresults: nresults)
    }

    /// Loads `source` and runs it with `args` as `...`; returns its results.
    ///
    /// ```swift
    /// try lua.run(source: Array("return ...".utf8), chunkName: "=demo", args: [1, "x"])  // [1, "x"]
    /// ```
    @discardableResult
    public func run(source: [UInt8], chunkName: String, args: [LuaValue] = []) throws -> [LuaValue] {
        let base = lua_gettop(L)
        try load(source, chunkName: chunkName)
        stack.push(args)
        try call(nargs: Int32(args.count))
        defer { lua_settop(L, base) }
        var results: [LuaValue] = []
        for i in (base + 1)..<(lua_gettop(L) + 1) { results.append(try stack.value(at: i, named: "result")) }
        return results
    }

    /// Text convenience for `run(source:chunkName:args:)`.
    @discardableResult
    public func run(_ source: String, chunkName: String = "=(string)", args: [LuaValue] = []) throws -> [LuaValue] {
        try run(source: Array(source.utf8), chunkName: chunkName, args: args)
    }
}

extension LuaStack {
    /// `LuaState.call` on this thread's stack (usable inside a Swift function, e.g. for callbacks).
    @discardableResult
    public func call(nargs: Int32, nresults: Int32? = nil) throws -> Int32 {
        let host = mg_host_of(L)!
        let base = lua_gettop(L) - nargs - 1
        mg_push_msgh(L)
        lua_rotate(L, base + 1, 1)
        // Lua code runs now: the memory limit binds again.
        host.pointee.swift_depth -= 1
        let status = mg_pcall(L, nargs, nresults ?? LUA_MULTRET, base + 1)
        host.pointee.swift_depth += 1
        mg_remove(L, base + 1)
        if status != LUA_OK { throw popError(status: status) }
        return lua_gettop(L) - base
    }
}

// MARK: - Source modules

extension LuaState {
    /// Makes `require(name)` run Lua `source` (compiled now, run on first require).
    ///
    /// ```swift
    /// try lua.preload("team.util", source: Array("return {x = 1}".utf8), chunkName: "@team/util.lua")
    /// ```
    public func preload(_ name: String, source: [UInt8], chunkName: String) throws {
        _ = lua_getfield(L, mg_registryindex(), LUA_PRELOAD_TABLE)
        do { try load(source, chunkName: chunkName) } catch { mg_pop(L, 1); throw error }
        stack.setField(name, tableAt: -2)  // raw: package.preload is a script's to tamper with
        mg_pop(L, 1)
    }

    /// Like `preload(_:source:chunkName:)` for each module, but each chunk runs with
    /// `(name, shared)` as `...`, where `shared` is the value on the stack top (popped). Only
    /// these chunks ever see it: it is in no table a script can reach (the loaders hold it).
    ///
    /// ```swift
    /// lua.stack.push(.map(["key": "private"]))
    /// try lua.preload(sharingTopWith: [("team.util", Array("local _, shared = ...".utf8), "=util")])
    /// ```
    public func preload(sharingTopWith modules: [(name: String, source: [UInt8], chunkName: String)]) throws {
        let shared = lua_gettop(L)
        defer { lua_settop(L, shared - 1) }
        _ = lua_getfield(L, mg_registryindex(), LUA_PRELOAD_TABLE)
        for module in modules {
            try load(module.source, chunkName: module.chunkName)
            lua_pushvalue(L, shared)
            mg_push_embedded_loader(L)
            stack.setField(module.name, tableAt: -2)
        }
    }
}
