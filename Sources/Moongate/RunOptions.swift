// RunOptions: everything that shapes one script run, for the CLI and for Swift apps alike.
import Foundation

/// How to run one script.
///
/// ```swift
/// var options = RunOptions(scriptPath: "hello.lua")
/// options.params = ["name": "demo"]
/// options.timeout = 30
/// let status = ScriptRunner.runReportingErrors(options)   // an ExitStatus
/// ```
public struct RunOptions: Sendable {
    /// The script file (shown in messages as given).
    public var scriptPath: String
    /// Positional arguments: `arg[1...]` and `...`.
    public var arguments: [String]
    /// `-p KEY=VALUE` parameters: the global `params` and `require("moongate").params`.
    public var params: [String: String]
    /// Re-enables `os.execute` and `io.popen`.
    public var allowExec: Bool
    /// Wall-time bound of the whole run in seconds.
    public var timeout: Double?
    /// Bound of Lua's heap in bytes.
    public var memoryLimit: Int?
    /// How `moongate.log` writes.
    public var logFormat: LogFormat
    /// Team library folders (searched as DIR/?.lua and DIR/?/init.lua), before MOONGATE_PATH's.
    public var libraryPaths: [String]
    /// The environment (MOONGATE_PATH is read from it).
    public var environment: [String: String]

    public init(scriptPath: String, arguments: [String] = [], params: [String: String] = [:],
                allowExec: Bool = false, timeout: Double? = nil, memoryLimit: Int? = nil,
                logFormat: LogFormat = .text, libraryPaths: [String] = [],
                environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.scriptPath = scriptPath
        self.arguments = arguments
        self.params = params
        self.allowExec = allowExec
        self.timeout = timeout
        self.memoryLimit = memoryLimit
        self.logFormat = logFormat
        self.libraryPaths = libraryPaths
        self.environment = environment
    }

    /// `libraryPaths` followed by the folders of MOONGATE_PATH (colon-separated).
    public var searchFolders: [String] {
        let fromEnv = (environment["MOONGATE_PATH"] ?? "").split(separator: ":").map(String.init)
        return (libraryPaths + fromEnv).filter { !$0.isEmpty }
    }
}
