// ScriptRunner: one script run — a sandboxed Lua state with limits, the moongate modules, the
// script's arguments and parameters — and the report of how it ended.
import CloudAPI
import Foundation
import LuaKit

/// Runs one script under `RunOptions`. `run()` blocks its thread while calls are in flight: call it
/// from a thread of your own (`ScriptThread.run`), never from a Swift task.
///
/// ```swift
/// let runner = try ScriptRunner(options: RunOptions(scriptPath: "hello.lua"))
/// runner.lua.registerModule("team.extra") { stack in stack.push(["ok": true]) }  // extend before run
/// try runner.run()
/// ```
public final class ScriptRunner {
    public let options: RunOptions
    /// The run's Lua state: add modules and globals before `run()`.
    public let lua: LuaState
    /// The API layer: clients, policy, dry-run plan, audit log.
    let api: ApiSession
    /// The call path: the stdlib's private `native` table and the loop the script thread drives while it waits.
    let calls: ApiBindings

    /// Creates the state: sandbox, memory limit, package.path, stdlib, params and arg.
    public init(options: RunOptions) throws {
        self.options = options
        var sandbox = LuaSandbox(allowExec: options.allowExec)
        let environment = options.environment
        sandbox.environment = { name in SecretMask.isHiddenVariable(name) ? nil : environment[name] }
        let permissions = FilePermissions(options: options)
        sandbox.fileAccess = { path, write in permissions.check(path, write: write) }
        lua = try LuaState(sandbox: sandbox)
        api = try ApiSession(options: options)
        calls = ApiBindings(session: api)
        calls.install(in: lua)
        try installModules()
        addSearchFolders(options.searchFolders)
        try recordRequiredModules()
        setScriptArguments()
        lua.memoryLimit = options.memoryLimit
    }

    /// Reads, compiles and runs the script. Throws a LuaError (`.file` when unreadable).
    @discardableResult
    public func run() throws -> [LuaValue] {
        defer {
            calls.stop()
            api.finish()
        }
        let source = try LuaState.readFile(options.scriptPath)
        api.scriptSHA256 = Digest.sha256Hex(source)
        try api.checkApproval()
        if let timeout = options.timeout { lua.setTimeout(seconds: timeout) }
        let args = options.arguments.map(LuaValue.text)
        return try lua.run(source: source, chunkName: "@" + options.scriptPath, args: args)
    }

    /// Compiles each script without running it; returns one `file:line: message` per failure.
    public static func check(paths: [String]) -> [String] {
        var failures: [String] = []
        for path in paths {
            do {
                let lua = try LuaState()
                try lua.check(try LuaState.readFile(path), chunkName: "@" + path)
            } catch {
                failures.append(String(describing: error))
            }
        }
        return failures
    }

    // MARK: - Setup

    /// `package.path` is the script's folder, then `--lib` and `MOONGATE_PATH`: not Lua's defaults,
    /// whose `./?.lua` would load whatever module sits in the directory a cron job starts in.
    private func addSearchFolders(_ folders: [String]) {
        let script = FilePermissions.absolute(options.scriptPath, from: FileManager.default.currentDirectoryPath)
        let scriptFolder = (script as NSString).deletingLastPathComponent
        let patterns = ([scriptFolder] + folders).flatMap { dir -> [String] in
            let base = dir.hasSuffix("/") ? String(dir.dropLast()) : dir
            return ["\(base)/?.lua", "\(base)/?/init.lua"]
        }
        _ = try? lua.run("package.path = ...", chunkName: "=(moongate)", args: [.text(patterns.joined(separator: ";"))])
    }

    /// Every module `require` loads from a file is told to the session (a plan records it; under
    /// `--approved` it must be the file the plan was made with, else the require fails).
    private func recordRequiredModules() throws {
        lua.stack.push(function: { [api] s in
            let name = try s.string(at: 1)
            if let refusal = api.moduleLoaded(name: name, path: try s.string(at: 2)) { throw LuaRaise.message(refusal) }
            return .values(0)
        })
        lua.setGlobalFromTop("__moongate_module_loaded")
        _ = try lua.run("""
            local loaded, find = __moongate_module_loaded, package.searchers[2]
            __moongate_module_loaded = nil
            package.searchers[2] = function(name)
              local loader, path = find(name)
              if type(loader) == "function" then loaded(name, path) end
              return loader, path
            end
            """, chunkName: "=(moongate)")
    }

    private func setScriptArguments() {
        var arg: [LuaValue: LuaValue] = [0: .text(options.scriptPath)]
        for (i, a) in options.arguments.enumerated() { arg[.int(Int64(i + 1))] = .text(a) }
        lua.setGlobal("arg", .map(arg))
    }
}
