// ScriptRunner+Report: run with signals and a watchdog, print how it ended, map to an exit status.
import Foundation
import LuaKit

extension ScriptRunner {
    /// Runs `options` as `moongate run` does: holds `--lock` (exit 75 when another run has it);
    /// errors go to stderr as `script.lua:LINE: message` plus a traceback; SIGINT/SIGTERM stop the
    /// script between instructions. `prepare` may add
    /// modules and globals to `runner.lua` before the script runs (its errors are reported too).
    public static func runReportingErrors(_ options: RunOptions,
                                          prepare: (ScriptRunner) throws -> Void = { _ in }) -> ExitStatus {
        // --lock first: an overlapping run must not even build its state (exit 75 at once).
        var lock: RunLock?
        if let path = options.lockPath {
            switch RunLock.acquire(path) {
            case .acquired(let held): lock = held
            case .held(let message): printError(message); return .lockHeld
            case .failed(let message): printError(message); return .usage
            }
        }
        defer { lock?.release() }

        let runner: ScriptRunner
        do {
            runner = try ScriptRunner(options: options)
            try prepare(runner)
        } catch {
            printError("moongate: \(error)")
            return .scriptError
        }
        let trap = SignalTrap(stopping: runner.lua)
        let watchdog = Watchdog(timeout: options.timeout)
        defer {
            trap.cancel()
            watchdog.cancel()
        }
        var status = ExitStatus.ok
        do {
            try runner.run()
        } catch {
            status = ExitStatus.forError(error)
            printError(report(error, options: options))
        }
        // A change the approved plan does not hold was refused: the run did not do what it was asked.
        if let approved = runner.api.approved, approved.refusals > 0, status == .ok || status == .scriptError {
            printError("moongate: --approved \(approved.file.path): \(approved.refusals) change\(approved.refusals == 1 ? " was" : "s were") refused as not approved (Moongate.NotApproved in the audit)")
            status = .notApproved
        }
        // The run's own records are part of its result: losing one fails a run that otherwise succeeded.
        if let lost = runner.api.lostOutput {
            printError("moongate: \(lost)")
            if status == .ok { status = .outputLost }
        }
        return status
    }

    /// The text shown for a failed run.
    public static func report(_ error: Error, options: RunOptions) -> String {
        guard let e = error as? LuaError else { return "moongate: \(error)" }
        if let request = e.exitRequest { return request.message }
        switch e.kind {
        case .file:
            return "moongate: \(e.message)"
        case .timeout:
            let seconds = options.timeout.map { String(format: "%g", $0) } ?? "?"
            return "\(options.scriptPath): timeout: run stopped after --timeout \(seconds)s\(at(e))"
        case .interrupted(let signal):
            return "\(options.scriptPath): interrupted by \(signal == SIGTERM ? "SIGTERM" : "SIGINT")\(at(e))"
        case .memory:
            let limit = options.memoryLimit.map { "--memory-limit \(formatByteCount($0)) reached" } ?? "out of memory"
            return "\(options.scriptPath): not enough memory: \(limit)\(at(e))"
        case .syntax, .runtime, .conversion:
            let hint = sandboxHint(for: e.message).map { "\n" + $0 } ?? ""
            guard let body = e.traceback.flatMap(tracebackBody) else { return e.message + hint }
            return e.message + hint + "\n" + body
        }
    }

    /// Calling a function the sandbox removed fails with Lua's "attempt to call a nil value";
    /// say why it is nil and what to do.
    static func sandboxHint(for message: String) -> String? {
        let removed: [(pattern: String, name: String, fix: String)] = [
            ("field 'execute'", "os.execute", "run with --allow-exec to enable it"),
            ("field 'popen'", "io.popen", "run with --allow-exec to enable it"),
            ("field 'exit'", "os.exit", "return from the main chunk or call error() instead"),
            ("field 'loadlib'", "package.loadlib", "native modules are not supported"),
            ("field 'dump'", "string.dump", "binary chunks are not supported"),
            ("global 'debug'", "the debug library", "it is not available to scripts"),
        ]
        guard message.contains("attempt to") || message.contains("nil value") else { return nil }
        for r in removed where message.contains(r.pattern) {
            return "hint: \(r.name) is disabled by the moongate sandbox; \(r.fix)"
        }
        return nil
    }

    private static func at(_ e: LuaError) -> String {
        guard let chunk = e.chunk, let line = e.line else { return "" }
        return " (at \(chunk):\(line))"
    }

    /// The traceback without its first line (which repeats the message).
    private static func tracebackBody(_ traceback: String) -> String? {
        guard let r = traceback.range(of: "stack traceback:") else { return nil }
        return String(traceback[r.lowerBound...])
    }

    static func printError(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}
