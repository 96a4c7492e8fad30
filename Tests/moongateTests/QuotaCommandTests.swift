// `moongate emulator --quota` against `moongate run`: a job over the quota finishes with every call
// ok, throttled attempts retried at the pace the client learns, and counted in the audit.
import Foundation
import MoongateTestSupport
import XCTest

final class QuotaCommandTests: CommandTestCase {
    func testAJobOverTheQuotaFinishesWithNoFailedCall() throws {
        let (emulator, port) = try startEmulator(["--quota", "CreateBackend=40,DescribeBackendList=1000"])
        defer { emulator.signal(SIGKILL) }
        XCTAssertTrue(emulator.stdoutSoFar.contains("quota (calls/s per operation and key): CreateBackend=40,DescribeBackendList=1000"),
                      emulator.stdoutSoFar)
        let s = try script("make.lua", """
            local names = {}
            for i = 1, 100 do names[i] = "quota-" .. i end
            local made = moongate.parallel(names, function(name)
              return apigateway.default:create_backend{ BackendName = name, BackendType = "HTTP" }.BackendId
            end, { limit = 16 })
            local ok = 0
            for _, r in ipairs(made) do if r.ok then ok = ok + 1 else print(tostring(r.err)) end end
            local listed = apigateway.default:describe_backend_list{ BackendName = "quota-*", PageSize = 1 }.TotalCount
            print(ok, listed)
            """)
        let r = try moongate(["run", "--endpoint", "http://127.0.0.1:\(port)", "--audit", "audit.jsonl", s],
                             environment: emulatorKeyEnvironment)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, "100\t100\n", "every create succeeded, once: \(r.stdout)")
        let lines = (read("audit.jsonl") ?? "").split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        let creates = lines.filter { $0["operation"] as? String == "CreateBackend" }
        XCTAssertEqual(creates.count, 100)
        XCTAssertEqual(creates.filter { $0["outcome"] as? String == "ok" }.count, 100)
        let throttled = creates.compactMap { $0["throttled"] as? Int }.reduce(0, +)
        XCTAssertGreaterThan(throttled, 0, "a burst of 40 then the quota: some attempts were throttled and retried")
        let attempts = creates.compactMap { $0["attempts"] as? Int }.reduce(0, +)
        XCTAssertEqual(attempts, 100 + throttled, "each throttled attempt was followed by one more")
    }

    func testABadQuotaIsAFlagError() throws {
        let r = try moongate(["emulator", "--port", "0", "--quota", "Delete*=lots"])
        XCTAssertEqual(r.status, 64, r.stderr)
        XCTAssertTrue(r.stderr.contains("--quota: Delete*: expected calls per second from above 0 to 1000000 (got \"lots\")"), r.stderr)
    }
}
