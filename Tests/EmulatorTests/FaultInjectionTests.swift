// Fault injection: rates follow the plan, a seed repeats them, and each fault changes state (or
// not) as documented. Also the peak-concurrency gauge.

import AsyncHTTPClient
import CloudAPI
import Emulator
import XCTest

final class FaultInjectionTests: XCTestCase {
    func testThrottleRateAndRepeatability() async throws {
        func run(seed: UInt64) async throws -> [String] {
            let emulator = try await EmulatorHarness.start {
                $0.faults = try! FaultPlan(parsing: "throttle=0.3,error5xx=0.1,retry_after=250")
                $0.faultSeed = seed
            }
            var outcomes: [String] = []
            for _ in 0..<300 {
                let reply = try await emulator.call("DescribeBackendList")
                outcomes.append(reply.code ?? "OK")
                if reply.code == "Throttling.User" {
                    XCTAssertEqual(reply.status, 400)
                    XCTAssertEqual(reply.header("x-acs-retry-after"), "250")
                }
                if reply.code == "ServiceUnavailable" { XCTAssertEqual(reply.status, 503) }
            }
            await emulator.stop()
            return outcomes
        }
        let first = try await run(seed: 7)
        let throttled = Double(first.filter { $0 == "Throttling.User" }.count) / 300
        let failed = Double(first.filter { $0 == "ServiceUnavailable" }.count) / 300
        XCTAssertEqual(throttled, 0.3, accuracy: 0.09)
        XCTAssertEqual(failed, 0.1, accuracy: 0.06)
        let again = try await run(seed: 7)
        XCTAssertEqual(first, again, "the same seed gives the same faults")
        let other = try await run(seed: 8)
        XCTAssertNotEqual(first, other)
    }

    func testThrottleAndErrorsChangeNothing() async throws {
        for plan in ["throttle=1", "error5xx=1"] {
            let emulator = try await EmulatorHarness.start { $0.faults = try! FaultPlan(parsing: plan) }
            let reply = try await emulator.call("CreateBackend", [("BackendName", "x"), ("BackendType", "HTTP")])
            XCTAssertNotEqual(reply.status, 200, plan)
            XCTAssertEqual(try emulator.server.store?.backendCount(), 0, plan)
            await emulator.stop()
        }
    }

    func testResetDropsTheConnectionAndResetAfterKeepsTheChange() async throws {
        for (plan, expected) in [("reset=1", 0), ("reset_after=1", 1)] {
            let emulator = try await EmulatorHarness.start { $0.faults = try! FaultPlan(parsing: plan) }
            do {
                let reply = try await emulator.call("CreateBackend", [("BackendName", "dup"), ("BackendType", "HTTP")])
                XCTFail("\(plan): expected a dropped connection, got \(reply.status) \(reply.body)")
            } catch {
                // The connection was dropped: the client never saw an answer.
            }
            XCTAssertEqual(try emulator.server.store?.backendCount(), expected, plan)
            await emulator.stop()
        }
    }

    func testDelayAndPeakConcurrency() async throws {
        let emulator = try await EmulatorHarness.start { $0.faults = try! FaultPlan(parsing: "delay=300ms") }
        try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<6 { group.addTask { try await emulator.call("DescribeBackendList").status } }
            for try await status in group { XCTAssertEqual(status, 200) }
        }
        XCTAssertGreaterThanOrEqual(emulator.server.peakConcurrentRequests, 2, "parallel calls overlapped in the server")
        XCTAssertEqual(emulator.server.inFlightRequests, 0)
        await emulator.stop()
    }

    func testFaultPlanParsing() throws {
        let plan = try FaultPlan(parsing: "throttle=0.2,error5xx=0.05,delay=50ms,reset=0.01,reset_after=0.01")
        XCTAssertEqual(plan, FaultPlan(throttle: 0.2, error5xx: 0.05, reset: 0.01, resetAfter: 0.01, delayMilliseconds: 50))
        XCTAssertEqual(try FaultPlan(parsing: "delay=2s").delayMilliseconds, 2000)
        XCTAssertThrowsError(try FaultPlan(parsing: "throttle=2")) { XCTAssertTrue("\($0)".contains("throttle")) }
        XCTAssertThrowsError(try FaultPlan(parsing: "explode=0.1")) { XCTAssertTrue("\($0)".contains("unknown fault")) }
        XCTAssertThrowsError(try FaultPlan(parsing: "delay=9223372036854776s")) { XCTAssertTrue("\($0)".contains("expected a duration")) }
    }
}
