// LuaState+Sandbox: open the standard libraries, then take away what the sandbox denies.
import CLua

extension LuaState {
    func openLibraries(_ sandbox: LuaSandbox) throws {
        luaL_openlibs(L)
        var osKept = LuaSandbox.osFunctions
        if sandbox.allowExec { osKept.append("execute") }
        if sandbox.allowExit { osKept.append("exit") }
        let script = Self.sandboxPrelude(
            osKept: osKept, allowExec: sandbox.allowExec, allowDebug: sandbox.allowDebug,
            allowNative: sandbox.allowNativeModules)
        try run(script, chunkName: "=(sandbox)")
        if let environment = sandbox.environment { replaceGetenv(environment) }
        if let fileAccess = sandbox.fileAccess { try guardFiles(fileAccess) }
    }

    private func replaceGetenv(_ environment: @escaping @Sendable (String) -> String?) {
        pushGlobal("os")
        stack.push(function: { s in
            s.push(environment(try s.string(at: 1)).map { LuaValue.text($0) } ?? .nil)
            return .values(1)
        })
        stack.setField("getenv", tableAt: -2)
        stack.pop()
    }

    /// Every way a script names a file goes through `check` first: io.open/lines/input/output,
    /// loadfile (so dofile and require), os.remove/rename. Lua wraps them; Swift decides.
    private func guardFiles(_ check: @escaping @Sendable (String, Bool) -> String?) throws {
        register("__moongate_file_check") { s in
            if let refusal = check(try s.string(at: 1), try s.value(at: 2) == .bool(true)) {
                s.push(.text(refusal))
                return .values(1)
            }
            return .values(0)
        }
        try run("""
            local check, error, type, find = __moongate_file_check, error, type, string.find
            __moongate_file_check = nil
            local function guard(name, path, write)
              if type(path) ~= "string" then return end
              local refusal = check(path, write)
              if refusal then error(name .. ": " .. refusal, 3) end
            end
            local open, lines, input, output = io.open, io.lines, io.input, io.output
            local _loadfile, remove, rename = loadfile, os.remove, os.rename
            function io.open(path, mode, ...)
              guard("io.open", path, type(mode) == "string" and find(mode, "[wa+]") ~= nil)
              return open(path, mode, ...)
            end
            function io.lines(path, ...) guard("io.lines", path, false) return lines(path, ...) end
            function io.input(file) guard("io.input", file, false) return input(file) end
            function io.output(file) guard("io.output", file, true) return output(file) end
            function loadfile(path, ...) guard("loadfile", path, false) return _loadfile(path, ...) end
            if remove then function os.remove(path) guard("os.remove", path, true) return remove(path) end end
            if rename then
              function os.rename(from, to)
                guard("os.rename", from, true)
                guard("os.rename", to, true)
                return rename(from, to)
              end
            end
            """, chunkName: "=(sandbox)")
    }

    /// Lua does this part best: it rewires the loaders to text mode and trims the libraries.
    private static func sandboxPrelude(osKept: [String], allowExec: Bool, allowDebug: Bool,
                                       allowNative: Bool) -> String {
        let keptList = osKept.map { "\"\($0)\"" }.joined(separator: ", ")
        return """
        local _load, _loadfile, select, error, tostring = load, loadfile, select, error, tostring
        local BINARY = "attempt to load a binary chunk"
        local function explain(err, name)
          if type(err) == "string" and err:find(BINARY, 1, true) then
            return tostring(name or "chunk") .. ": binary (precompiled) chunks are not allowed: load Lua source text"
          end
          return err
        end
        function load(chunk, name, mode, ...)
          local f, err = _load(chunk, name, "t", ...)
          if not f then return nil, explain(err, name or (type(chunk) == "string" and "=(load)") or nil) end
          return f
        end
        function loadfile(filename, mode, ...)
          local f, err = _loadfile(filename, "t", ...)
          if not f then return nil, explain(err, filename) end
          return f
        end
        function dofile(filename)
          local f, err = loadfile(filename)
          if not f then error(err, 0) end
          return f()
        end
        package.searchers[2] = function(name)
          local path, err = package.searchpath(name, package.path)
          if not path then return err end
          local f, lerr = loadfile(path)
          if not f then
            error(string.format("error loading module '%s' from file '%s':\\n\\t%s", name, path, lerr), 0)
          end
          return f, path
        end
        string.dump = nil
        -- Protected like the type metatables: getmetatable("") cannot hand out the string methods' table.
        getmetatable("").__metatable = false
        local os_kept = {}
        for _, k in ipairs({\(keptList)}) do os_kept[k] = os[k] end
        os = os_kept
        package.loaded.os = os_kept
        if not \(allowExec) then io.popen = nil end
        if not \(allowDebug) then debug = nil; package.loaded.debug = nil end
        if not \(allowNative) then
          package.loadlib = nil
          package.cpath = ""
          package.searchers[4] = nil
          package.searchers[3] = nil
        end
        """
    }
}
