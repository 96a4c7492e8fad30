// Client options, limits, retries and timeouts of the Lua API layer, against a real emulator.
import CloudAPI
import Emulator
import Foundation
import LuaKit
import Moongate
import XCTest

/// Client options, limits and signature versions.
final class ApiClientTests: ApiTestCase {
    func testSignatureV1AndClientOptions() throws {
        let results = try run("""
            local key = "MoongateEmulatorKeyId"
            local v1 = apigateway.client{ signature = "v1", retries = 0, timeout = 5 }
            local listed = v1:describe_backend_list{}
            local ok, err = pcall(apigateway.client, { signatur = "v1" })
            local bad = apigateway.client{ access_key_id = key, access_key_secret = "wrong-secret" }
            local ok2, err2 = pcall(bad.describe_backend_list, bad, {})
            return listed.TotalCount, ok, tostring(err):match("^[^:]*main.lua:4: .*did you mean signature%?") ~= nil, ok2, err2.code,
                   tostring(v1):find("wrong-secret", 1, true) == nil
            """)
        XCTAssertEqual(results, [1, false, true, false, "SignatureDoesNotMatch", true])
    }

    func testClientRateLimitSpacesCallsAcrossCoroutines() throws {
        let started = Date()
        let results = try run("""
            local limited = apigateway.client{ rate = 20 }
            local items = {}
            for i = 1, 10 do items[i] = i end
            local results = require("moongate").parallel(items, function() return limited:describe_backend_list{}.TotalCount end)
            return #results, results[10].value
            """)
        XCTAssertEqual(results, [10, 1])
        // 10 calls at 20 per second need at least 9 intervals of 50 ms, however fast the machine.
        XCTAssertGreaterThanOrEqual(Date().timeIntervalSince(started), 0.45)
    }
}

/// `--timeout` also ends a wait for a call that is still in flight.
final class ApiTimeoutTests: ApiTestCase {
    override func emulatorConfiguration() -> EmulatorConfiguration {
        var configuration = super.emulatorConfiguration()
        configuration.faults = try! FaultPlan(parsing: "delay=3000ms")
        return configuration
    }

    func testTimeoutCoversInFlightCalls() throws {
        XCTAssertThrowsError(try run("apigateway.default:describe_backend_list{}") { $0.timeout = 0.5 }) { error in
            XCTAssertEqual((error as? LuaError)?.kind, .timeout, "\(error)")
        }
    }
}

/// A throttling service: reads are retried, and the audit log counts every attempt.
final class ApiRetryAuditTests: ApiTestCase {
    override func emulatorConfiguration() -> EmulatorConfiguration {
        var configuration = super.emulatorConfiguration()
        configuration.faults = try! FaultPlan(parsing: "throttle=0.4")
        configuration.faultSeed = 7
        return configuration
    }

    func testRetriedReadsAreAuditedWithTheirAttempts() throws {
        let audit = dir.appendingPathComponent("audit.jsonl").path
        let results = try run("""
            local ok = 0
            for i = 1, 20 do
              local r = apigateway.client{ retries = 6 }:describe_backend_list{}
              if r.TotalCount == 1 then ok = ok + 1 end
            end
            return ok
            """) { $0.auditPath = audit }
        XCTAssertEqual(results, [20], "every throttled read succeeded after retries")
        let lines = try String(contentsOfFile: audit, encoding: .utf8).split(separator: "\n").map { try Value(json: String($0)) }
        XCTAssertEqual(lines.count, 20)
        let attempts = lines.compactMap { $0["attempts"]?.intValue }
        XCTAssertEqual(attempts.count, 20)
        XCTAssertTrue(attempts.allSatisfy { $0 >= 1 })
        XCTAssertGreaterThan(attempts.reduce(0, +), 20, "some reads needed more than one attempt")
        XCTAssertEqual(emulator.totalRequests, Int(attempts.reduce(0, +)), "the audit counts every request the service saw")
    }
}
