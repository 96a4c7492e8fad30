// An app embedding Moongate chooses its emulator: none (the Moongate library alone), or the Emulator
// module through MoongateEmulator's EmulatorGateway, started in process on a loopback port.
import Foundation
import LuaKit
import Moongate
import MoongateEmulator
import XCTest

final class LocalGatewayTests: XCTestCase {
    var dir: URL!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("moongate-gateway-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    override func tearDown() { try? FileManager.default.removeItem(at: dir) }

    private func options(_ script: String) throws -> RunOptions {
        let path = dir.appendingPathComponent("main.lua").path
        try script.write(toFile: path, atomically: true, encoding: .utf8)
        var options = RunOptions(scriptPath: path, environment: [:])
        options.useEmulator = true
        return options
    }

    func testWithoutAGatewayTheEmulatorIsRefusedClearly() throws {
        let options = try options("return apigateway.default:describe_backend_list{}.TotalCount")
        XCTAssertThrowsError(try ScriptRunner(options: options).run()) { error in
            XCTAssertTrue("\(error)".contains("--emulator: this build has no emulator (set RunOptions.localGateway"), "\(error)")
        }
    }

    func testTheEmulatorGatewayServesTheDemoStateAndKeepsWhatAScriptCreates() throws {
        var options = try options("""
            local c = apigateway.default
            local before = c:describe_backend_list{}.TotalCount
            c:create_backend{ BackendName = "embedded", BackendType = "HTTP" }
            local found = c:describe_backend_list{ BackendName = "embedded" }.BackendInfoList[1]
            return before, c:describe_backend_list{}.TotalCount, found.BackendName
            """)
        options.localGateway = EmulatorGateway.provider
        let results = try ScriptRunner(options: options).run()
        guard results.count == 3, let before = results[0].intValue else { return XCTFail("\(results)") }
        XCTAssertGreaterThan(before, 0, "the demo state has backends")
        XCTAssertEqual(results[1].intValue, before + 1)
        XCTAssertEqual(results[2].text, "embedded")
    }
}
