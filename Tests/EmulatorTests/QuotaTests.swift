// Quotas (`--quota`): a token bucket per operation and AccessKey holding one second of calls; over it
// the service's throttling answer, Throttling.User with x-acs-retry-after (ms until a token is free).
import CloudAPI
import Emulator
import XCTest

final class QuotaTests: XCTestCase {
    func testTheRulesAndTheirErrors() throws {
        let plan = try QuotaPlan(parsing: "DescribeBackendInfo=50, Delete*=20,*=100")
        XCTAssertEqual(plan.rate(for: "DescribeBackendInfo"), 50)
        XCTAssertEqual(plan.rate(for: "DeleteBackendModel"), 20, "globs, first match wins")
        XCTAssertEqual(plan.rate(for: "CreateBackend"), 100)
        XCTAssertNil(try QuotaPlan(parsing: "Delete*=2").rate(for: "CreateBackend"), "unmatched: not limited")
        XCTAssertEqual(plan.description, "DescribeBackendInfo=50,Delete*=20,*=100")
        for (text, message) in [("Delete*", "--quota: expected OPERATION_GLOB=CALLS_PER_SECOND, comma-separated (got \"Delete*\")"),
                                ("Delete*=0", "--quota: Delete*: expected calls per second from above 0 to 1000000 (got \"0\")"),
                                ("=5", "--quota: expected OPERATION_GLOB=CALLS_PER_SECOND, comma-separated (got \"=5\")")] {
            XCTAssertThrowsError(try QuotaPlan(parsing: text), text) { XCTAssertEqual("\($0)", message) }
        }
    }

    func testOverTheQuotaIsThrottledWithTheWaitUntilTheNextToken() async throws {
        let other = EmulatorConfiguration.AccessKey(id: "other-key", secret: "other-secret-1")
        let emulator = try await EmulatorHarness.start {
            $0.quota = try! QuotaPlan(parsing: "DescribeBackendList=5")
            $0.accessKeys.append(other)
        }
        defer { Task { await emulator.stop() } }
        var codes: [String] = []
        for _ in 0..<8 { codes.append(try await emulator.call("DescribeBackendList").code ?? "OK") }
        XCTAssertEqual(codes.prefix(5), ["OK", "OK", "OK", "OK", "OK"], "a one-second burst")
        XCTAssertEqual(Set(codes.suffix(3)), ["Throttling.User"])
        let throttled = try await emulator.call("DescribeBackendList")
        XCTAssertEqual(throttled.status, 400)
        XCTAssertEqual(throttled.body["Message"]?.stringValue, "Request was denied due to user flow control.")
        let wait = try XCTUnwrap(throttled.header("x-acs-retry-after").flatMap(Int.init))
        XCTAssertTrue((1...200).contains(wait), "at 5/s a token comes within 200 ms (got \(wait))")

        // Other operations and other keys have buckets of their own.
        let create = try await emulator.call("CreateBackend", [("BackendName", "b1"), ("BackendType", "HTTP")])
        XCTAssertEqual(create.status, 200)
        let otherKey = Credentials(accessKeyId: other.id, accessKeySecret: other.secret)
        let byOther = try await emulator.call("DescribeBackendList", credentials: otherKey)
        XCTAssertEqual(byOther.status, 200)

        // After the wait it says, a call goes through.
        try await Task.sleep(nanoseconds: UInt64(wait + 5) * 1_000_000)
        let after = try await emulator.call("DescribeBackendList")
        XCTAssertEqual(after.status, 200, "\(after.body)")
        XCTAssertGreaterThanOrEqual(emulator.server.throttledByQuota, 4)
    }

    func testTheSeedFileCanCarryTheQuota() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("quota-seed-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: file) }
        try #"{"Quota": "DescribeBackendList=1"}"#.write(to: file, atomically: true, encoding: .utf8)
        let seed = try EmulatorSeed(contentsOf: file.path)
        let emulator = try await EmulatorHarness.start { $0.seed = seed }
        defer { Task { await emulator.stop() } }
        XCTAssertEqual(emulator.server.quota.description, "DescribeBackendList=1")
        let codes = [try await emulator.call("DescribeBackendList").code, try await emulator.call("DescribeBackendList").code]
        XCTAssertEqual(codes, [nil, "Throttling.User"])

        try #"{"Quota": "DescribeBackendList=fast"}"#.write(to: file, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try EmulatorSeed(contentsOf: file.path)) {
            XCTAssertEqual("\($0)", "\(file.path): Quota: DescribeBackendList: expected calls per second from above 0 to 1000000 (got \"fast\")")
        }
    }
}
