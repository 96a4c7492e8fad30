// MoongateProcess: the built `moongate` binary as a child process, shared by the test targets that run
// it for real (moongateTests, MoongateTests). stdin is /dev/null, so a run is never interactive;
// stdout and stderr go to files, so no pipe can fill up and stall the child however much it prints.
import Foundation

/// One `moongate` process in a working folder: `start` returns at once, `finish` waits and reads.
///
/// ```swift
/// let r = try MoongateProcess.run(["run", "main.lua"], in: dir)
/// XCTAssertEqual(r.status, 0, r.stderr)
///
/// let child = try MoongateProcess(["run", "slow.lua"], in: dir).start()
/// XCTAssertTrue(waitForFile(dir.appendingPathComponent("started").path))
/// child.signal(SIGTERM)
/// XCTAssertEqual(child.finish().status, 143)
/// ```
public final class MoongateProcess {
    /// How a run ended and what it printed.
    public struct Result {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    public let process = Process()
    private let outURL: URL, errURL: URL

    // MARK: - The binary

    /// The built binary, beside the test bundle in the same build folder (`swift test` builds every
    /// product), else in the package's `.build/debug`.
    public static let binary: URL = {
        let bundle = Bundle(for: MoongateProcess.self).bundleURL
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let candidates = [bundle.deletingLastPathComponent().appendingPathComponent("moongate"),
                          bundle.appendingPathComponent("moongate"),
                          Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("moongate"),
                          repository.appendingPathComponent(".build/debug/moongate")]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[0]
    }()

    // MARK: - Running

    /// Prepares `binary ARGS` in `dir`; `environment` nil inherits the test's own.
    public init(_ args: [String], in dir: URL, environment: [String: String]? = nil, binary: URL = MoongateProcess.binary) {
        // Output files sit outside `dir`, so a test's folder holds only what the run itself wrote.
        let id = UUID().uuidString
        let temporary = FileManager.default.temporaryDirectory
        outURL = temporary.appendingPathComponent("moongate-\(id).out")
        errURL = temporary.appendingPathComponent("moongate-\(id).err")
        process.executableURL = binary
        process.arguments = args
        process.currentDirectoryURL = dir
        if let environment { process.environment = environment }
    }

    deinit {
        try? FileManager.default.removeItem(at: outURL)
        try? FileManager.default.removeItem(at: errURL)
    }

    /// Starts the child and returns at once.
    @discardableResult
    public func start() throws -> MoongateProcess {
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        try process.run()
        return self
    }

    /// The child's process id (for /proc/PID/…).
    public var pid: Int32 { process.processIdentifier }

    /// Sends `signo` (SIGTERM, SIGINT, SIGKILL…) to the child.
    public func signal(_ signo: Int32) { kill(process.processIdentifier, signo) }

    /// What the child has written to stdout so far (it may still be running).
    public var stdoutSoFar: String { (try? String(contentsOf: outURL, encoding: .utf8)) ?? "" }

    /// Waits for the child to exit; its status and everything it printed.
    public func finish() -> Result {
        process.waitUntilExit()
        return Result(status: process.terminationStatus,
                      stdout: (try? String(contentsOf: outURL, encoding: .utf8)) ?? "",
                      stderr: (try? String(contentsOf: errURL, encoding: .utf8)) ?? "")
    }

    /// Runs `binary ARGS` in `dir` to the end.
    public static func run(_ args: [String], in dir: URL, environment: [String: String]? = nil,
                           binary: URL = MoongateProcess.binary) throws -> Result {
        try MoongateProcess(args, in: dir, environment: environment, binary: binary).start().finish()
    }
}
