// TestCommand: `moongate test [PATH...]` — team libraries' tests, each file against its own emulator.
import ArgumentParser
import Foundation
import Moongate
import MoongateEmulator

struct TestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run Lua tests (*_test.lua, *_spec.lua), each file against a fresh in-process emulator.",
        discussion: """
            Test files use require "moongate.test" (busted's shape): describe, it, before_each,
            after_each, pending (also globals), expect(v).to_equal/.to_be/.to_match/.to_contain/
            .to_fail_with(code_glob) and .never; seed{…}, reset(), faults{…}, calls(), expect_calls{…},
            clock.advance(seconds), run_script(path, {params=, args=}).

            Each file has its own Lua state (the sandbox, --lib/MOONGATE_PATH and stdlib of
            `moongate run`) and its own emulator, empty unless --emulator-seed; files run in
            parallel (-j). Clients retry for at most 2 s unless a test sets retry_deadline;
            confirmations are answered yes. What a test prints is shown only when it fails.

            Exit status: 0 when every test passed (pending ones included), 1 when any failed,
            64 for a bad option or path, 130/143 after SIGINT/SIGTERM.
            """
    )

    @Argument(help: "Test files or folders (default: spec/ and test/ when present, else the current folder).")
    var paths: [String] = []

    @Option(help: ArgumentHelp("Run only the tests whose full name (describe … it) matches this Lua pattern.", valueName: "PATTERN"))
    var filter: String?

    @Flag(help: "Print TAP (version 13) instead of the text report.")
    var tap = false

    @Option(help: ArgumentHelp("Also write a JUnit XML report to FILE.", valueName: "FILE"))
    var junit: String?

    @Option(name: [.short, .long], help: ArgumentHelp("Files run at the same time (default: the number of CPUs).", valueName: "N"))
    var jobs: Int?

    @Option(help: ArgumentHelp("Stop a test (or a file's top level) after this many seconds and report it.", valueName: "SECONDS"))
    var timeout: Double = 30

    @Option(name: .customLong("lib"), help: ArgumentHelp("Add a team library folder to package.path (repeatable).", valueName: "DIR"))
    var libraries: [String] = []

    @Option(name: .customLong("emulator-seed"), help: ArgumentHelp("Start every file's emulator from this seed file instead of empty.", valueName: "FILE"))
    var emulatorSeed: String?

    @Option(name: .customLong("memory-limit"), help: ArgumentHelp("Bound each file's Lua memory (as for run; 0 for no limit).", valueName: "BYTES"))
    var memoryLimit: String = RunCommand.defaultMemoryLimit

    @Flag(name: .customLong("allow-exec"), help: "Re-enable os.execute and io.popen.")
    var allowExec = false

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs: expected a number of files of at least 1 (got \(jobs))") }
        guard timeout > 0, timeout <= RunCommand.maxTimeout else {
            throw ValidationError("--timeout: expected a number of seconds above 0 and at most \(Int(RunCommand.maxTimeout)) (got \(timeout))")
        }
        if memoryLimit != "0", parseByteCount(memoryLimit) == nil {
            throw ValidationError("--memory-limit: expected bytes such as 64M, 1G, 512K or 1048576, or 0 for no limit (got '\(memoryLimit)')")
        }
        if let filter, let problem = TestSuite.filterProblem(filter) {
            throw ValidationError("--filter: not a Lua pattern: \(problem) (got '\(filter)')")
        }
    }

    func run() async throws {
        let files: [String]
        do { files = try TestSuite.discover(paths) } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            throw ExitCode(ExitStatus.usage.rawValue)
        }
        guard !files.isEmpty else {
            let places = paths.isEmpty ? "spec/, test/ or the current folder" : paths.joined(separator: ", ")
            FileHandle.standardError.write(Data("moongate: test: no test files under \(places) (looked for *_test.lua and *_spec.lua)\n".utf8))
            throw ExitCode(ExitStatus.scriptError.rawValue)
        }
        var options = TestOptions(paths: paths, jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount)
        options.filter = filter
        options.timeout = timeout
        options.libraryPaths = libraries
        options.emulatorSeedPath = emulatorSeed
        options.localGateway = EmulatorGateway.provider
        options.memoryLimit = memoryLimit == "0" ? nil : parseByteCount(memoryLimit)
        options.allowExec = allowExec
        let settings = options
        let asTAP = tap
        let output = MaskedOutput.install(options.secrets)
        let (results, stoppedBy) = await ScriptThread.run {
            TestSuite.run(files, options: settings) { file in
                if !asTAP { Self.say(TestReport.fileLine(file)) }
            }
        }
        Self.say(tap ? TestReport.tap(results) : TestReport.summary(results))
        var status = results.contains { $0.failed > 0 } ? ExitStatus.scriptError : .ok
        if let junit {
            do {
                try Data(options.secrets.scrub(TestReport.junit(results)).utf8).write(to: URL(fileURLWithPath: junit))
            } catch {
                FileHandle.standardError.write(Data("moongate: --junit \(junit): cannot write (\(error.localizedDescription))\n".utf8))
                status = .outputLost
            }
        }
        if let stoppedBy { status = stoppedBy == SIGTERM ? .terminated : .interrupted }
        output.finish()
        if status != .ok { throw ExitCode(status.rawValue) }
    }

    private static let printLock = NSLock()

    /// One line (or block) at a time: files end on several threads.
    private static func say(_ text: String) {
        printLock.lock()
        defer { printLock.unlock() }
        print(text)
        fflush(nil)
    }
}
