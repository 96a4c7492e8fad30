// A stop sends nothing new and leaves no write unaudited (issue 14, review §2 #2): SIGTERM in the middle
// of a 200-item moongate.parallel create, through a real `moongate run` against the in-process emulator
// (every request takes 40 ms there, so the stop meets calls on the wire and items not yet started).
import Emulator
import Foundation
import MoongateTestSupport
import XCTest

final class StopTests: ApiTestCase {
    override func emulatorConfiguration() -> EmulatorConfiguration {
        var configuration = super.emulatorConfiguration()
        configuration.faults.delayMilliseconds = 40
        return configuration
    }

    func testSIGTERMDuringAParallelCreateAuditsExactlyWhatReachedTheEmulator() throws {
        let script = try write("create200.lua", """
            local c = apigateway.default
            local items = {}
            for i = 1, 200 do items[i] = i end
            moongate.parallel(items, function(i)
              c:create_backend{ BackendName = "stop-" .. i, BackendType = "HTTP" }
              if i == 40 then io.open("busy", "w"):close() end
            end, { limit = 16 })
            """)
        let before = emulator.totalRequests
        let child = try MoongateProcess(["run", "--endpoint", endpoint, "--audit", "audit.jsonl", script],
                                        in: dir, environment: environment).start()
        XCTAssertTrue(waitForFile(dir.appendingPathComponent("busy").path), child.stdoutSoFar)
        child.signal(SIGTERM)
        let r = child.finish()
        XCTAssertEqual(r.status, 143, r.stderr)

        let received = emulator.totalRequests - before
        let lines = try String(contentsOf: dir.appendingPathComponent("audit.jsonl"), encoding: .utf8).split(separator: "\n")
        let records = try lines.map { try XCTUnwrap(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        let created = try backendNames().filter { $0.hasPrefix("stop-") }
        XCTAssertGreaterThan(received, 40, "the stop came after item 40")
        XCTAssertLessThan(received, 200, "the stop came before the end")
        XCTAssertEqual(records.count, received, "one audit line per request the emulator received")
        XCTAssertEqual(records.filter { $0["outcome"] as? String == "ok" }.count, created.count,
                       "every backend created has an ok line: \(records.compactMap { $0["outcome"] as? String })")
        XCTAssertEqual(created.count, received, "each request on the wire was completed (nothing abandoned on loopback)")
    }
}
