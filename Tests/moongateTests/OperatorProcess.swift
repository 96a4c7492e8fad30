// OperatorProcess: a `moongate` child process for the operator tests — stdin from /dev/null (so
// never interactive), stdout/stderr to files (no pipe can fill up), started and awaited apart.
import Foundation
import XCTest

/// One `moongate` process in `dir`. `start` returns at once; `finish` waits and reads its output.
final class OperatorProcess {
    let process = Process()
    private let outURL: URL, errURL: URL

    init(_ args: [String], in dir: URL, environment: [String: String]? = nil) {
        let id = UUID().uuidString.prefix(8)
        outURL = dir.appendingPathComponent(".out-\(id)")
        errURL = dir.appendingPathComponent(".err-\(id)")
        process.executableURL = CommandTestCase.binary
        process.arguments = args
        process.currentDirectoryURL = dir
        if let environment { process.environment = environment }
    }

    @discardableResult
    func start() throws -> OperatorProcess {
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        try process.run()
        return self
    }

    func finish() -> CommandTestCase.Result {
        process.waitUntilExit()
        let out = (try? String(contentsOf: outURL, encoding: .utf8)) ?? ""
        let err = (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
        return CommandTestCase.Result(status: process.terminationStatus, stdout: out, stderr: err)
    }

    func signal(_ signo: Int32) { kill(process.processIdentifier, signo) }

    /// Runs `args` to the end.
    static func run(_ args: [String], in dir: URL, environment: [String: String]? = nil) throws -> CommandTestCase.Result {
        try OperatorProcess(args, in: dir, environment: environment).start().finish()
    }
}

/// Waits (polling) until `path` exists; false after `timeout` seconds.
func waitForFile(_ path: String, timeout: Double = 20) -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if FileManager.default.fileExists(atPath: path) { return true }
        Thread.sleep(forTimeInterval: 0.02)
    }
    return false
}
