// ScriptRunner+Host: `moongate.host`, what the Lua operator layer (runbook, cleanup, table, the
// API bindings) needs from the process: a monotonic clock, TTY checks, confirmations, the run's
// options, atomic file writes, and errors that end the run with a chosen exit status.
import Foundation
import LuaKit
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension ScriptRunner {
    /// Registers `require("moongate.host")`:
    ///
    /// ```lua
    /// local host = require "moongate.host"
    /// local t0 = host.now()                    -- monotonic seconds (float)
    /// if host.isatty(1) then ... end           -- 0, 1 or 2
    /// if host.confirm("Delete b-1?") then ... end   -- asks on /dev/tty; false without one
    /// local o = host.options()                 -- dry_run, yes, resume, journal, audit, log_format, script, interactive
    /// if host.stopping() then error(err, 0) end   -- SIGINT/SIGTERM/--timeout under way: do not handle, re-raise
    /// local path = host.journal_path("rotate")  -- runbook rotate's journal (--journal, else beside the audit)
    /// host.write_journal("rotate", text)       -- replaces it: temp file + fsync + rename (only there)
    /// host.usage_error("usage: ...")           -- ends the run with exit 64, message only
    /// host.exit_error("rb: step 3 failed", 1)  -- ends the run with that exit status, message only
    /// ```
    func installHostModule() {
        let options = self.options
        lua.registerModule("moongate.host") { [api] stack in
            stack.push(.map([:]))
            Self.addHostFunction(stack, "now") { s in
                // Under `moongate test`, t.clock.advance moves it too.
                s.push(.double(ProcessInfo.processInfo.systemUptime + api.clockAhead))
                return .values(1)
            }
            Self.addHostFunction(stack, "isatty") { s in
                let fd = try s.int(at: 1)
                guard (0...2).contains(fd) else { throw LuaRaise.message("moongate.host.isatty: fd: expected 0, 1 or 2 (got \(fd))") }
                s.push(.bool(MaskedOutput.isTerminal(Int32(fd))))
                return .values(1)
            }
            Self.addHostFunction(stack, "confirm") { s in
                // /dev/tty bypasses the masked stdout and stderr: mask the question itself.
                s.push(.bool(Confirmation.ask(options.secrets.scrub(try s.string(at: 1))) == .yes))
                return .values(1)
            }
            Self.addHostFunction(stack, "stopping") { s in
                // A stop noticed while Swift waited (an in-flight call) raises an error a pcall can
                // catch before the count hook fires again: Lua helpers check this and re-raise.
                s.push(.bool(s.state.stopReason != nil))
                return .values(1)
            }
            Self.addHostFunction(stack, "secret") { s in
                // The value stays usable; only what Moongate writes shows it as ***.
                guard let bytes = s.bytes(at: 1) else { throw s.argumentError(1, expected: "string") }
                options.secrets.add(String(decoding: bytes, as: UTF8.self))
                s.pushCopy(of: 1)
                return .values(1)
            }
            Self.addHostFunction(stack, "options") { s in
                s.push(Self.hostOptions(options))
                return .values(1)
            }
            Self.addHostFunction(stack, "journal_path") { s in
                s.push(.text(options.journalPath(runbook: try s.string(at: 1))))
                return .values(1)
            }
            Self.addHostFunction(stack, "write_journal") { s in
                // Only the journal's own path: the host writes where scripts may not (FilePermissions).
                let path = options.journalPath(runbook: try s.string(at: 1))
                guard let bytes = s.bytes(at: 2) else { throw s.argumentError(2, expected: "string") }
                let masked = options.secrets.scrub(String(decoding: bytes, as: UTF8.self))
                do { try AtomicFile.write(Array(masked.utf8), to: path) } catch { throw LuaRaise.message("journal \(path): \(error)") }
                s.push(.bool(true))
                return .values(1)
            }
            Self.addHostFunction(stack, "usage_error") { s in
                return try Self.raiseExitError(s, message: try s.string(at: 1), status: .usage)
            }
            Self.addHostFunction(stack, "exit_error") { s in
                let message = try s.string(at: 1)
                let code = s.isNil(at: 2) ? 1 : try s.int(at: 2)
                guard let status = ExitStatus(rawValue: Int32(clamping: code)), status != .ok else {
                    throw LuaRaise.message("moongate.host.exit_error: status: expected one of 1, 64, 75, 124, 130, 143 (got \(code))")
                }
                return try Self.raiseExitError(s, message: message, status: status)
            }
        }
    }

    static func hostOptions(_ o: RunOptions) -> LuaValue {
        var t: [LuaValue: LuaValue] = [
            "dry_run": .bool(o.dryRun), "yes": .bool(o.assumeYes), "resume": .bool(o.resume),
            "log_format": .text(o.logFormat.rawValue), "script": .text(o.scriptPath),
            "interactive": .bool(Confirmation.isInteractive),
        ]
        if let journal = o.journalPath { t["journal"] = .text(journal) }
        if let audit = o.effectiveAuditPath { t["audit"] = .text(audit) }
        return .map(t)
    }

    private static func addHostFunction(_ stack: LuaStack, _ name: String, _ body: @escaping LuaSwiftFunction) {
        stack.push(function: body)
        stack.setField(name, tableAt: -2)
    }

    // MARK: - Exit errors

    /// Raises `{ message = ..., exit_status = N }` whose tostring is the message. The report prints
    /// only the message (no traceback: the author of the runbook already said what went wrong)
    /// and the process exits with N.
    static func raiseExitError(_ s: LuaStack, message: String, status: ExitStatus) throws -> LuaReturn {
        s.push(.map(["message": .text(message), "exit_status": .int(Int64(status.rawValue))]))
        s.push(.map(["__name": "moongate.exit"]))
        s.push(function: { s in
            s.getField("message", tableAt: 1)
            return .values(1)
        })
        s.setField("__tostring", tableAt: -2)
        s.setMetatable(of: -2)
        throw LuaRaise.pushed
    }
}

extension LuaError {
    /// The exit status and message of an error raised by `host.usage_error` / `host.exit_error`
    /// (a runtime error: a timeout or a signal that ends the run wins over it).
    var exitRequest: (status: ExitStatus, message: String)? {
        guard kind == .runtime, let code = value?["exit_status"]?.intValue, let status = ExitStatus(rawValue: Int32(clamping: code)),
              let message = value?["message"]?.text else { return nil }
        return (status, message)
    }
}
