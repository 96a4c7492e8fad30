// RunCommand: `moongate run [options] SCRIPT [ARGS...]`.
import ArgumentParser
import Foundation
import Moongate

extension LogFormat: ExpressibleByArgument {}

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a Lua script in the sandbox.",
        discussion: """
            The script's positional ARGS reach it as the global `arg` (arg[0] is the script path,
            arg[1], arg[2], ... the arguments) and as `...` in the main chunk.

            Each `-p KEY=VALUE` reaches it as a string field of the table `params` (a global, also
            `require("moongate").params`): `moongate run deploy.lua -p stage=test` gives
            params.stage == "test".

            Sandbox: no os.execute, io.popen, package.loadlib, C modules, debug or string.dump;
            load/loadfile/dofile/require accept source text only (binary chunks are refused).
            `--allow-exec` re-enables os.execute and io.popen.

            Modules: require "moongate" (params, json, log, inspect), "moongate.json",
            "moongate.log", "moongate.inspect". Team libraries: `--lib DIR` (repeatable) and
            MOONGATE_PATH (colon-separated folders) add DIR/?.lua and DIR/?/init.lua to package.path.

            \(exitStatusHelp)
            """
    )

    @Option(name: [.short, .customLong("param")], help: ArgumentHelp(
        "Script parameter KEY=VALUE, read as params.KEY (repeatable).", valueName: "KEY=VALUE"))
    var params: [String] = []

    @Flag(name: .customLong("allow-exec"), help: "Re-enable os.execute and io.popen.")
    var allowExec = false

    @Option(help: ArgumentHelp("Stop the run after this many seconds of wall time (exit 124).", valueName: "SECONDS"))
    var timeout: Double?

    @Option(name: .customLong("memory-limit"), help: ArgumentHelp(
        "Bound Lua's memory: bytes, or with a K, M or G suffix (64M, 1G, 512K).", valueName: "BYTES"))
    var memoryLimit: String?

    @Option(name: .customLong("log-format"), help: "moongate.log output: text or json (one object per line).")
    var logFormat: LogFormat = .text

    @Option(name: .customLong("lib"), help: ArgumentHelp("Add a team library folder to package.path (repeatable).", valueName: "DIR"))
    var libraries: [String] = []

    @Argument(help: "The Lua script to run.")
    var script: String

    @Argument(parsing: .captureForPassthrough, help: "Arguments for the script (arg[1], arg[2], ...).")
    var arguments: [String] = []

    func validate() throws {
        if let memoryLimit, parseByteCount(memoryLimit) == nil {
            throw ValidationError("--memory-limit: expected bytes such as 64M, 1G, 512K or 1048576 (got '\(memoryLimit)')")
        }
        if let timeout, !(timeout > 0) {
            throw ValidationError("--timeout: expected a positive number of seconds (got \(timeout))")
        }
        for p in params where !p.contains("=") {
            throw ValidationError("--param: expected KEY=VALUE (got '\(p)')")
        }
    }

    func run() throws {
        var values: [String: String] = [:]
        for p in params {
            let parts = p.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            values[String(parts[0])] = String(parts[1])
        }
        let options = RunOptions(
            scriptPath: script, arguments: arguments, params: values, allowExec: allowExec,
            timeout: timeout, memoryLimit: memoryLimit.flatMap(parseByteCount), logFormat: logFormat,
            libraryPaths: libraries)
        let status = ScriptRunner.runReportingErrors(options)
        if status != .ok { throw ExitCode(status.rawValue) }
    }
}
