// RunCommand: `moongate run [options] SCRIPT [ARGS...]`.
import ArgumentParser
import CloudAPI
import Foundation
import Moongate
import MoongateEmulator

extension LogFormat: ExpressibleByArgument {}

struct RunCommand: AsyncParsableCommand {
    /// The longest `--timeout`: 30 days (a larger number of seconds trapped converting to nanoseconds).
    static let maxTimeout = 30.0 * 24 * 3600

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

            Operators: "moongate.runbook" (named steps with undo, --yes for destructive steps,
            --journal FILE and --resume), "moongate.cleanup" (stale resources, keep-lists,
            max_delete), moongate.table (aligned on a terminal, JSON lines when piped).
            Cron: --lock FILE makes an overlapping run exit 75 at once (a lock left by a killed run
            does not block); --log-format defaults to json when stdout is not a terminal; SIGTERM and
            SIGINT stop the script between calls (exit 143/130), journal and audit log complete.

            \(exitStatusHelp)
            """
    )

    @Option(name: [.short, .customLong("param")], help: ArgumentHelp(
        "Script parameter KEY=VALUE, read as params.KEY (repeatable).", valueName: "KEY=VALUE"))
    var params: [String] = []

    @Flag(name: .customLong("allow-exec"), help: "Re-enable os.execute and io.popen.")
    var allowExec = false

    @Option(name: .customLong("allow-read"), help: ArgumentHelp(
        "Let the script read files under PATH too (repeatable; also MOONGATE_ALLOW_READ=PATH:PATH). By default: the working, script, --lib and temp folders.",
        valueName: "PATH"))
    var allowRead: [String] = []

    @Option(name: .customLong("allow-write"), help: ArgumentHelp(
        "Let the script write (and read) files under PATH too (repeatable; also MOONGATE_ALLOW_WRITE).", valueName: "PATH"))
    var allowWrite: [String] = []

    @Flag(name: .customLong("allow-all-files"), help: "No folder check on the script's files (credential files and this run's audit, journal, plan and lock stay off limits).")
    var allowAllFiles = false

    @Option(help: ArgumentHelp("Stop the run after this many seconds of wall time (exit 124).", valueName: "SECONDS"))
    var timeout: Double?

    /// Without --memory-limit: a runaway script fails with a Lua error long before the OOM killer.
    static let defaultMemoryLimit = "256M"

    @Option(name: .customLong("memory-limit"), help: ArgumentHelp(
        "Bound Lua's memory (and JSON work done for it): bytes, or with a K, M or G suffix (64M, 1G, 512K); 0 for no limit.",
        valueName: "BYTES"))
    var memoryLimit: String = RunCommand.defaultMemoryLimit

    @Option(name: .customLong("log-format"), help: ArgumentHelp(
        "Output of moongate.log, runbook progress and moongate.table: text or json (one object per line). Default: text when stdout is a terminal, json otherwise.",
        valueName: "text|json"))
    var logFormat: LogFormat?

    @Option(name: .customLong("lib"), help: ArgumentHelp("Add a team library folder to package.path (repeatable).", valueName: "DIR"))
    var libraries: [String] = []

    @OptionGroup var connection: ConnectionOptions

    @Flag(help: "Start the local API Gateway emulator in-process and point the default client at it.")
    var emulator = false

    @Option(name: .customLong("emulator-seed"), help: ArgumentHelp(
        "With --emulator: start from this seed file instead of the built-in demo state.", valueName: "FILE"))
    var emulatorSeed: String?

    @Option(help: ArgumentHelp("Signature version of the default client: v3 (ACS3-HMAC-SHA256) or v1 (HMAC-SHA1).", valueName: "v3|v1"))
    var signature: String?

    @Flag(name: .customLong("dry-run"), help: "Send reads; print and record mutating calls as a plan instead of sending them.")
    var dryRun = false

    @Option(help: ArgumentHelp("With --dry-run: write the plan as JSON lines to FILE.", valueName: "FILE"))
    var plan: String?

    @Option(help: ArgumentHelp(
        "Run for real, making only the changes of this plan (a --dry-run --plan file): any other change is refused (exit 65).",
        valueName: "FILE"))
    var approved: String?

    @Option(name: .customLong("max-plan-age"), help: ArgumentHelp(
        "With --approved: refuse a plan made longer ago than this, e.g. 24h, 90m, 2d.", valueName: "DURATION"))
    var maxPlanAge: String?

    @Option(help: ArgumentHelp("Append one JSON line per call outcome to FILE (else MOONGATE_AUDIT).", valueName: "FILE"))
    var audit: String?

    @Option(help: ArgumentHelp("Only these operations may be called, e.g. 'Describe*,DeleteBackend*' (else MOONGATE_ALLOW).", valueName: "GLOBS"))
    var allow: String?

    @Option(help: ArgumentHelp("Ask before each call of these operations, e.g. 'Delete*' (no TTY: refused unless --yes).", valueName: "GLOBS"))
    var confirm: String?

    @Flag(name: [.customShort("y"), .customLong("yes")], help: "Answer yes to confirmations (destructive steps, --confirm).")
    var yes = false

    @Option(help: ArgumentHelp("Hold an flock on FILE for the run; if another run holds it, exit 75 at once.", valueName: "FILE"))
    var lock: String?

    @Option(help: ArgumentHelp("Runbook journal of completed steps (default: beside the audit log).", valueName: "FILE"))
    var journal: String?

    @Flag(help: "Continue a failed runbook after its last completed step (reads the journal).")
    var resume = false

    @Argument(help: "The Lua script to run.")
    var script: String

    @Argument(parsing: .captureForPassthrough, help: "Arguments for the script (arg[1], arg[2], ...).")
    var arguments: [String] = []

    func validate() throws {
        if memoryLimit != "0", parseByteCount(memoryLimit) == nil {
            throw ValidationError("--memory-limit: expected bytes such as 64M, 1G, 512K or 1048576, or 0 for no limit (got '\(memoryLimit)')")
        }
        if let signature, !["v3", "v1"].contains(signature) {
            throw ValidationError("--signature: expected v3 or v1 (got '\(signature)')")
        }
        if plan != nil && !dryRun {
            throw ValidationError("--plan: needs --dry-run (only a dry run writes a plan)")
        }
        if approved != nil && dryRun {
            throw ValidationError("--approved: cannot be used with --dry-run (a dry run makes a plan; --approved applies one)")
        }
        if let maxPlanAge {
            guard approved != nil else { throw ValidationError("--max-plan-age: needs --approved") }
            guard let seconds = parseDuration(maxPlanAge), seconds > 0 else {
                throw ValidationError("--max-plan-age: expected a duration such as 24h, 90m or 2d (got '\(maxPlanAge)')")
            }
        }
        if let timeout, !(timeout > 0 && timeout <= Self.maxTimeout) {
            throw ValidationError("--timeout: expected a number of seconds above 0 and at most \(Int(Self.maxTimeout)) (30 days; got \(timeout))")
        }
        for p in params where !p.contains("=") {
            throw ValidationError("--param: expected KEY=VALUE (got '\(p)')")
        }
    }

    func run() async throws {
        var values: [String: String] = [:]
        for p in params {
            let parts = p.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            values[String(parts[0])] = String(parts[1])
        }
        var options = RunOptions(
            scriptPath: script, arguments: arguments, params: values, allowExec: allowExec,
            timeout: timeout, memoryLimit: memoryLimit == "0" ? nil : parseByteCount(memoryLimit),
            logFormat: logFormat ?? (isatty(STDOUT_FILENO) == 1 ? .text : .json),
            libraryPaths: libraries)
        options.region = connection.region
        options.profile = connection.profile
        options.endpoint = connection.endpoint
        options.proxy = connection.proxy
        options.caBundle = connection.caBundle
        options.allowRead = allowRead
        options.allowWrite = allowWrite
        options.allowAllFiles = allowAllFiles
        options.useEmulator = emulator
        options.emulatorSeedPath = emulatorSeed
        options.localGateway = EmulatorGateway.provider
        options.signature = signature
        options.dryRun = dryRun
        options.planPath = plan
        options.approvedPlanPath = approved
        if let age = maxPlanAge.flatMap(parseDuration) { options.maxPlanAge = age }
        options.auditPath = audit
        options.allow = allow
        options.confirm = confirm
        options.assumeYes = yes
        options.lockPath = lock
        options.journalPath = journal
        options.resume = resume
        let run = options
        // From here on every byte written to stdout and stderr passes through the run's secret mask.
        let output = MaskedOutput.install(options.secrets)
        let status = await ScriptThread.run { ScriptRunner.runReportingErrors(run) }
        output.finish()
        if status != .ok { throw ExitCode(status.rawValue) }
    }
}
