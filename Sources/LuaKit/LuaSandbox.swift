// LuaSandbox: which standard library parts a script gets. Safe by default.

/// What the standard libraries expose to scripts.
///
/// Default (`.standard`): base, string, table, math, utf8, coroutine, io (files), package/require,
/// and `os` limited to time/clock/date/getenv/difftime/tmpname/remove/rename. Never present unless
/// allowed: `os.execute`, `io.popen`, `package.loadlib`, C-module searchers, `debug`, `string.dump`.
/// `load`, `loadfile`, `dofile` and `require` accept source text only.
///
/// ```swift
/// var sandbox = LuaSandbox.standard
/// sandbox.allowExec = true          // os.execute and io.popen
/// let lua = try LuaState(sandbox: sandbox)
/// ```
public struct LuaSandbox: Sendable {
    /// Re-enables `os.execute` and `io.popen`.
    public var allowExec = false
    /// Keeps the `debug` library.
    public var allowDebug = false
    /// Keeps `package.loadlib`, `package.cpath` and the C-module searchers.
    public var allowNativeModules = false
    /// Keeps `os.exit` (it would end the host process, so hosts rarely want it).
    public var allowExit = false
    /// What `os.getenv` answers; nil keeps the process environment as is. A host hides its
    /// credentials here.
    public var environment: (@Sendable (String) -> String?)?
    /// Asked before a script opens, loads, removes or renames a file (`write` for anything that
    /// changes it): nil allows, a message refuses (raised as the script's error). nil: no check.
    public var fileAccess: (@Sendable (_ path: String, _ write: Bool) -> String?)?

    public init(allowExec: Bool = false, allowDebug: Bool = false, allowNativeModules: Bool = false,
                allowExit: Bool = false) {
        self.allowExec = allowExec
        self.allowDebug = allowDebug
        self.allowNativeModules = allowNativeModules
        self.allowExit = allowExit
    }

    /// The default sandbox.
    public static let standard = LuaSandbox()

    /// `os` functions kept by every sandbox.
    static let osFunctions = ["time", "clock", "date", "getenv", "difftime", "tmpname", "remove", "rename"]
}
