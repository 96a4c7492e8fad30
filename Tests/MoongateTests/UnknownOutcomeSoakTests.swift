// Writes under ambiguous failures, exactly once as the script sees it: 1,000 creates and 1,000 deletes
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
        let results = try run("""
            local names = {}
            for i = 1, 1000 do names[i] = string.format("soak-%04d", i) end
            local c = apigateway.client{ retries = 8 }
            local made = moongate.parallel(names, function(name)
              return c:create_backend{ BackendName = name, BackendType = "HTTP", Description = "soak" }.BackendId
            end, { limit = 32 })
            local created, failed = {}, {}
            for i, r in ipairs(made) do
              if r.ok then created[#created + 1] = names[i] .. "=" .. r.value else failed[#failed + 1] = names[i] end
            end
            -- Delete the odd ones among those created.
            local doomed = {}
            for i, r in ipairs(made) do if r.ok and i % 2 == 1 then doomed[#doomed + 1] = r.value end end
            local gone = moongate.parallel(doomed, function(id) return c:delete_backend{ BackendId = id } end, { limit = 32 })
            local deleted, undeleted = {}, {}
            for i, r in ipairs(gone) do
              if r.ok then deleted[#deleted + 1] = doomed[i] else undeleted[#undeleted + 1] = doomed[i] .. " " .. tostring(r.err) end
            end
            return table.concat(created, ","), table.concat(failed, ","), table.concat(deleted, ","), table.concat(undeleted, "\\n")
            """) { $0.auditPath = audit }
        XCTAssertEqual(results.count, 4)
        let created = Dictionary(uniqueKeysWithValues: (results[0].text ?? "").split(separator: ",").map {
            let parts = $0.split(separator: "=").map(String.init)
            return (parts[0], parts[1])
        })
        let failed = Set((results[1].text ?? "").split(separator: ",").map(String.init))
        let deleted = Set((results[2].text ?? "").split(separator: ",").map(String.init))
        XCTAssertEqual(results[3].text ?? "", "", "deletes that failed")
        XCTAssertEqual(failed, [], "with retries, every create ends in a known outcome")
        XCTAssertEqual(created.count + failed.count, 1000)

        let state = try XCTUnwrap(try emulator.store?.backendIdsByName()).filter { $0.key.hasPrefix("soak-") }
        let kept = created.filter { !deleted.contains($0.value) }
        XCTAssertEqual(state, kept, "the emulator holds exactly what the script was told it has: no ghosts, no duplicates")
        XCTAssertEqual(deleted.count, 500)

        let lines = try String(contentsOfFile: audit, encoding: .utf8).split(separator: "\n").map { try Value(json: String($0)) }
        let writes = lines.filter { ["CreateBackend", "DeleteBackend"].contains($0["operation"]?.stringValue ?? "") }
        XCTAssertEqual(writes.count, 1500)
        XCTAssertEqual(writes.filter { $0["outcome"]?.stringValue == "refused" }.count, 0)
        let resolved = Dictionary(grouping: writes.compactMap { $0["resolved"]?.stringValue }, by: { $0 }).mapValues(\.count)
        XCTAssertGreaterThan(resolved["found-by-name"] ?? 0, 0, "creates carried out with their answer lost were found by name: \(resolved)")
        XCTAssertGreaterThan(resolved["retried"] ?? 0, 0, "\(resolved)")
        print("soak: resolutions \(resolved)")
    }
}
