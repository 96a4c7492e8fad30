// TestFile: one test file of `moongate test` — its own Lua state and in-process emulator, its tests
// run one by one under a per-test time limit.
import CloudAPI
import Foundation
import LuaKit

/// How `moongate test` runs test files.
public struct TestOptions: Sendable {
    /// The test files' paths or folders (searched for `*_test.lua` and `*_spec.lua`).
    public var paths: [String]
    /// A Lua pattern the full test name ("describe … it") must match.
    public var filter: String?
    /// Files run at the same time.
    public var jobs: Int
    /// Seconds a test (or a file's top level) may run before it is stopped and reported.
    public var timeout: Double = 30
    public var libraryPaths: [String] = []
    public var environment: [String: String] = ProcessInfo.processInfo.environment
    /// Every file's emulator starts from this seed file instead of empty.
    public var emulatorSeedPath: String?
    /// The in-process emulator each file gets (`EmulatorGateway.provider` from MoongateEmulator).
    public var localGateway: LocalGatewayProvider?
    public var memoryLimit: Int? = 256 << 20
    public var allowExec = false
    /// The secrets the tests' output is masked with (one mask for every file).
    public var secrets = SecretMask()
    /// Default retry deadline of the tests' clients: an injected fault that never clears fails fast.
    public static let retryDeadline = 2.0

    public init(paths: [String], jobs: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.paths = paths
        self.jobs = max(1, jobs)
    }
}

/// How one test ended.
public struct TestResult: Sendable, Equatable {
    public enum Status: Sendable, Equatable {
        case passed
        case failed(String)
        case pending
    }
    /// "describe … it".
    public var name: String
    /// `file:line` of its `it`.
    public var location: String
    public var status: Status
    public var seconds: Double
    /// What it printed (print, io.write, moongate.log), kept for a failure's report.
    public var output: String
}

/// How one file ended: its tests, or the error that kept them from running.
public struct TestFileResult: Sendable {
    public var path: String
    public var tests: [TestResult] = []
    /// A syntax error, or an error outside any `it` (reported against the file).
    public var fileError: String?
    public var seconds: Double = 0
    /// SIGINT/SIGTERM stopped the file.
    public var interrupted: ExitStatus?

    public var passed: Int { tests.filter { $0.status == .passed }.count }
    public var failed: Int { tests.filter { if case .failed = $0.status { return true } else { return false } }.count + (fileError == nil ? 0 : 1) }
    public var pending: Int { tests.filter { $0.status == .pending }.count }
}

enum TestFile {
    /// Runs the file at `path`; never throws: every problem is in the result.
    static func run(_ path: String, options: TestOptions, stops: StopRegistry) -> TestFileResult {
        let started = ProcessInfo.processInfo.systemUptime
        var result = runTests(path, options: options, stops: stops)
        result.seconds = ProcessInfo.processInfo.systemUptime - started
        return result
    }

    private static func runTests(_ path: String, options: TestOptions, stops: StopRegistry) -> TestFileResult {
        var result = TestFileResult(path: path)
        let journal = FileManager.default.temporaryDirectory
            .appendingPathComponent("moongate-test-\(getpid())-\(UUID().uuidString).journal.json").path
        defer { try? FileManager.default.removeItem(atPath: journal) }

        var run = RunOptions(scriptPath: path, allowExec: options.allowExec, memoryLimit: options.memoryLimit,
                             logFormat: .text, libraryPaths: options.libraryPaths, environment: options.environment)
        run.useEmulator = true
        run.isTestFile = true
        run.emulatorSeedPath = options.emulatorSeedPath
        run.localGateway = options.localGateway
        run.defaultRetryDeadline = TestOptions.retryDeadline
        run.assumeYes = true        // nobody is there to answer a confirmation
        run.journalPath = journal   // a runbook under test keeps its journal out of the working folder
        run.secrets = options.secrets

        let runner: ScriptRunner
        do {
            runner = try ScriptRunner(options: run)
        } catch {
            result.fileError = "\(path): \(error)"
            return result
        }
        let lua = runner.lua
        let token = stops.add(lua.stopSwitch)
        defer {
            stops.remove(token)
            runner.calls.stop()
            runner.api.finish()
        }
        do {
            try lua.run("require('moongate.test')._install()", chunkName: "=(moongate test)")
            lua.setTimeout(seconds: options.timeout)
            try lua.run(source: try LuaState.readFile(path), chunkName: "@" + path)
            lua.clearTimeout()
        } catch {
            result.fileError = describe(error, lua, run, timeout: options.timeout, what: "the file's top level")
            lua.clearTimeout()
            result.interrupted = interruption(error)
            return result
        }
        let listed: [LuaValue]
        do {
            let list = try lua.run("return require('moongate.test')._list(...)", chunkName: "=(moongate test)",
                                   args: [options.filter.map(LuaValue.text) ?? .nil])
            guard case .array(let items)? = list.first else { return result }
            listed = items
        } catch {
            result.fileError = "\(path): \(error)"
            return result
        }
        for item in listed {
            guard let id = item["id"]?.intValue else { continue }
            var test = TestResult(name: item["name"]?.text ?? "?", location: item["where"]?.text ?? path,
                                  status: .pending, seconds: 0, output: "")
            let testStarted = ProcessInfo.processInfo.systemUptime
            lua.setTimeout(seconds: options.timeout)
            do {
                let outcome = try lua.run("return require('moongate.test')._run(...)", chunkName: "=(moongate test)", args: [.int(id)])
                lua.clearTimeout()
                let fields = outcome.first
                test.output = fields?["output"]?.text ?? ""
                switch fields?["status"]?.text {
                case "passed": test.status = .passed
                case "pending": test.status = .pending
                default: test.status = .failed(fields?["message"]?.text ?? "failed")
                }
            } catch {
                test.status = .failed(describe(error, lua, run, timeout: options.timeout, what: "the test"))
                lua.clearTimeout()
                test.output = (try? lua.run("return require('moongate.test')._abandon()", chunkName: "=(moongate test)"))?.first?.text ?? ""
                result.interrupted = interruption(error)
            }
            test.seconds = ProcessInfo.processInfo.systemUptime - testStarted
            result.tests.append(test)
            if result.interrupted != nil { break }
        }
        return result
    }

    private static func interruption(_ error: Error) -> ExitStatus? {
        guard let e = error as? LuaError, case .interrupted = e.kind else { return nil }
        return ExitStatus.forError(e)
    }

    private static func describe(_ error: Error, _ lua: LuaState, _ options: RunOptions, timeout: Double, what: String) -> String {
        if let e = error as? LuaError, e.kind == .timeout {
            let at = lua.stopLocation.map { " at \($0)" } ?? ""
            return "\(what) timed out after \(String(format: "%g", timeout)) s (--timeout)\(at)"
        }
        return ScriptRunner.report(error, options: options)
    }
}

/// The stop switches of the files running now: SIGINT and SIGTERM stop them all.
final class StopRegistry: @unchecked Sendable {
    private let lock = NSLock()
    private var switches: [Int: LuaStopSwitch] = [:]
    private var next = 0
    private var signal: Int32?

    func add(_ stop: LuaStopSwitch) -> Int {
        lock.lock()
        defer { lock.unlock() }
        next += 1
        switches[next] = stop
        if let signal { stop.requestStop(signal: signal) }  // a file starting after the signal stops at once
        return next
    }

    func remove(_ token: Int) {
        lock.lock()
        switches.removeValue(forKey: token)
        lock.unlock()
    }

    func stopAll(signal: Int32) {
        lock.lock()
        self.signal = signal
        let all = Array(switches.values)
        lock.unlock()
        for stop in all { stop.requestStop(signal: signal) }
    }

    var stoppedBy: Int32? {
        lock.lock()
        defer { lock.unlock() }
        return signal
    }
}
