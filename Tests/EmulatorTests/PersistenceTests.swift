// State on disk: kept across a restart, shared consistently by two emulators on the same file.

import CloudAPI
import Emulator
import Foundation
import XCTest

final class PersistenceTests: XCTestCase {
    var directory: URL!

    override func setUp() async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("emulator-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDown() async throws {
        try? FileManager.default.removeItem(at: directory)
    }

    func testStateSurvivesARestart() async throws {
        let path = directory.appendingPathComponent("state.sqlite").path
        let first = try await EmulatorHarness.start { $0.statePath = path }
        let id = try await first.createBackend("kept", extra: [("Tag.1.Key", "k"), ("Tag.1.Value", "v")])
        let model = try await first.ok("CreateBackendModel", [("BackendId", id), ("BackendType", "HTTP"), ("StageName", "PRE"),
                                                              ("BackendModelData", #"{"ServiceAddress":"http://x"}"#)])
        await first.stop()

        let second = try await EmulatorHarness.start { $0.statePath = path }
        let info = try await second.ok("DescribeBackendInfo", [("BackendId", id)])["BackendInfo"]!
        XCTAssertEqual(info["BackendName"], "kept")
        XCTAssertEqual(info["BackendModels"]?[0]?["BackendModelId"], model["BackendModelId"])
        let list = try await second.ok("DescribeBackendList", [("Tag.1.Key", "k"), ("Tag.1.Value", "v")])
        XCTAssertEqual(list["TotalCount"], 1)
        await second.stop()
    }

    func testTwoEmulatorsOnOneFileStayConsistent() async throws {
        let path = directory.appendingPathComponent("shared.sqlite").path
        let a = try await EmulatorHarness.start { $0.statePath = path }
        let b = try await EmulatorHarness.start { $0.statePath = path }

        let id = try await a.createBackend("shared")
        try await b.refused("RepeatedBackendName", "CreateBackend", [("BackendName", "shared"), ("BackendType", "HTTP")])
        let seen = try await b.ok("DescribeBackendInfo", [("BackendId", id)])
        XCTAssertEqual(seen["BackendInfo"]?["BackendName"], "shared")

        // Interleaved writers on both: every create lands exactly once, none fails.
        try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<40 {
                let target = index % 2 == 0 ? a : b
                group.addTask {
                    try await target.call("CreateBackend", [("BackendName", "w-\(index)"), ("BackendType", "HTTP")]).status
                }
            }
            for try await status in group { XCTAssertEqual(status, 200) }
        }
        let total = try await a.ok("DescribeBackendList", [("BackendName", "w-*")])["TotalCount"]
        XCTAssertEqual(total, 40)
        XCTAssertEqual(try b.server.store?.backendCount(), 41)
        await a.stop()
        await b.stop()
    }
}
