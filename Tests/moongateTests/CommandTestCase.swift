// CommandTestCase: runs the built `moongate` binary as a real process in a temporary folder.
import Foundation
import MoongateTestSupport
import XCTest

class CommandTestCase: XCTestCase {
    static var binary: URL { MoongateProcess.binary }

    var dir: URL!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("moongate-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: Self.binary.path), "no moongate binary at \(Self.binary.path)")
    }

    override func tearDown() { try? FileManager.default.removeItem(at: dir) }

    /// Writes a file in the test's folder and returns its name (relative to the folder the command runs in).
    @discardableResult
    func script(_ name: String, _ text: String) throws -> String {
        let url = dir.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return name
    }

    func read(_ name: String) -> String? { try? String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8) }
    func exists(_ name: String) -> Bool { FileManager.default.fileExists(atPath: dir.appendingPathComponent(name).path) }

    /// `moongate ARGS` in `dir` to the end; with `signal`, sent half a second after the start.
    @discardableResult
    func moongate(_ args: [String], binary: URL = CommandTestCase.binary, signal: Int32? = nil,
                  environment: [String: String]? = nil) throws -> MoongateProcess.Result {
        let child = try MoongateProcess(args, in: dir, environment: environment, binary: binary).start()
        if let signal {
            Thread.sleep(forTimeInterval: 0.5)
            child.signal(signal)
        }
        return child.finish()
    }

    /// Runs another program (git, prove, python…) in `dir` to the end: its status and all it printed.
    func runProgram(_ program: URL, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = program
        process.arguments = arguments
        process.currentDirectoryURL = dir
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let said = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, said)
    }

    /// This process's environment plus the emulator's built-in AccessKey (for runs against `startEmulator`).
    var emulatorKeyEnvironment: [String: String] {
        ProcessInfo.processInfo.environment.merging([
            "ALIBABA_CLOUD_ACCESS_KEY_ID": "MoongateEmulatorKeyId",
            "ALIBABA_CLOUD_ACCESS_KEY_SECRET": "moongate-emulator-demo-secret",
            "ALIBABA_CLOUD_REGION_ID": "cn-hangzhou",
        ]) { _, new in new }
    }

    /// Starts `moongate emulator --port 0 EXTRA…` and returns it with the port from its banner
    /// (`listening on http://127.0.0.1:PORT`, or `https://` with --tls-cert).
    func startEmulator(_ extra: [String]) throws -> (MoongateProcess, Int) {
        let emulator = try MoongateProcess(["emulator", "--port", "0"] + extra, in: dir).start()
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            let banner = emulator.stdoutSoFar
            if let range = banner.range(of: "://127.0.0.1:"), banner.contains("listening on"),
               let port = Int(banner[range.upperBound...].prefix { $0.isNumber }) {
                return (emulator, port)
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        emulator.signal(SIGKILL)
        XCTFail("emulator did not start: \(emulator.finish())")
        throw CocoaError(.fileReadUnknown)
    }
}
