// Writes under ambiguous failures, exactly once as the script sees it: 1,000 creates, then 1,000 deletes,
// at parallel 32 against an emulator that throttles, fails with 5xx and drops connections before and
// after carrying a request out. Every backend the script was told it created exists, every one it was
// told it deleted is gone, nothing it was told failed exists, and the audit never calls a write that
// may have been carried out "refused".
import CloudAPI
import Emulator
import Foundation
import LuaKit
import Moongate
import XCTest

final class UnknownOutcomeSoakTests: ApiTestCase {
    override func emulatorConfiguration() -> EmulatorConfiguration {
        var configuration = super.emulatorConfiguration()
        configuration.faults = try! FaultPlan(parsing: "throttle=0.2,error5xx=0.05,reset=0.02,reset_after=0.02,retry_after=5")
        configuration.faultSeed = 11
        return configuration
    }

    func testNoGhostsAndNoDuplicatesUnderFaults() throws {
        let audit = dir.appendingPathComponent("audit.jsonl").path
        let made = try run("""
            local names = {}
            for i = 1, 1000 do names[i] = string.format("soak-%04d", i) end
            local c = apigateway.client{ retries = 8 }
            local made = moongate.parallel(names, function(name)
              return c:create_backend{ BackendName = name, BackendType = "HTTP", Description = "soak" }.BackendId
            end, { limit = 32 })
            local created, failed = {}, {}
            for i, r in ipairs(made) do
              if r.ok then created[#created + 1] = names[i] .. "=" .. r.value else failed[#failed + 1] = names[i] .. " " .. tostring(r.err) end
            end
            return table.concat(created, ","), table.concat(failed, "\\n")
            """) { $0.auditPath = audit }
        XCTAssertEqual(made.count, 2)
        XCTAssertEqual(made[1].text ?? "", "", "with retries, every create ends in a known outcome")
        let created = Dictionary(uniqueKeysWithValues: (made[0].text ?? "").split(separator: ",").map {
            let parts = $0.split(separator: "=").map(String.init)
            return (parts[0], parts[1])
        })
        XCTAssertEqual(created.count, 1000)
        let state = try XCTUnwrap(try emulator.store?.backendIdsByName()).filter { $0.key.hasPrefix("soak-") }
        XCTAssertEqual(state, created, "the emulator holds exactly what the script was told it created: no ghosts, no duplicates")

        let ids = created.values.sorted()
        let gone = try run("""
            local ids = {}
            for id in (...):gmatch("[^,]+") do ids[#ids + 1] = id end
            local c = apigateway.client{ retries = 8 }
            local results = moongate.parallel(ids, function(id) return c:delete_backend{ BackendId = id } end, { limit = 32 })
            local deleted, failed = 0, {}
            for i, r in ipairs(results) do
              if r.ok then deleted = deleted + 1 else failed[#failed + 1] = ids[i] .. " " .. tostring(r.err) end
            end
            return deleted, table.concat(failed, "\\n")
            """) { $0.auditPath = audit; $0.arguments = [ids.joined(separator: ",")] }
        XCTAssertEqual(gone, [.int(1000), .text("")], "every delete ends in a known outcome")
        XCTAssertEqual(try emulator.store?.backendIdsByName().filter { $0.key.hasPrefix("soak-") }, [:], "and they are all gone")

        let lines = try String(contentsOfFile: audit, encoding: .utf8).split(separator: "\n").map { try Value(json: String($0)) }
        let writes = lines.filter { ["CreateBackend", "DeleteBackend"].contains($0["operation"]?.stringValue ?? "") }
        XCTAssertEqual(writes.count, 2000)
        XCTAssertEqual(writes.filter { $0["outcome"]?.stringValue != "ok" }.count, 0)
        let resolved = Dictionary(grouping: writes.compactMap { $0["resolved"]?.stringValue }, by: { $0 }).mapValues(\.count)
        XCTAssertGreaterThan(resolved["found-by-name"] ?? 0, 0, "creates carried out with their answer lost were found by name: \(resolved)")
        XCTAssertGreaterThan(resolved["gone"] ?? 0, 0, "deletes carried out with their answer lost: \(resolved)")
        print("soak: resolutions \(resolved)")
    }
}
