// CommandTestCase: runs the built `moongate` binary as a real process in a temporary folder.
import Foundation
import XCTest

class CommandTestCase: XCTestCase {
    /// The built binary: next to this test bundle (same build folder), which `swift test` builds.
    static let binary: URL = {
        var candidates: [URL] = []
        let bundleDir = Bundle(for: CommandTestCase.self).bundleURL.deletingLastPathComponent()
        candidates.append(bundleDir.appendingPathComponent("moongate"))
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(root.appendingPathComponent(".build/debug/moongate"))
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[0]
    }()

    var dir: URL!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("moongate-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: Self.binary.path), "no moongate binary at \(Self.binary.path)")
    }

    override func tearDown() { try? FileManager.default.removeItem(at: dir) }

    struct Result { var status: Int32; var stdout: String; var stderr: String }

    func script(_ name: String, _ text: String) throws -> String {
        let url = dir.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return name
    }

    @discardableResult
    func moongate(_ args: [String], binary: URL = CommandTestCase.binary, signal: Int32? = nil,
                  environment: [String: String]? = nil) throws -> Result {
        let p = Process()
        p.executableURL = binary
        p.arguments = args
        p.currentDirectoryURL = dir
        if let environment { p.environment = environment }
        let out = Pipe(), err = Pipe()
        p.standardInput = FileHandle.nullDevice  // no terminal: confirmations must refuse
        p.standardOutput = out
        p.standardError = err
        try p.run()
        if let signal {
            Thread.sleep(forTimeInterval: 0.5)
            kill(p.processIdentifier, signal)
        }
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Result(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
                      stderr: String(decoding: e, as: UTF8.self))
    }

}
