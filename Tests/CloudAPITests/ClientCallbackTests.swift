import CloudAPI
import Foundation
import XCTest

/// The callback form of a call (pre-encoded wire parameters, no Swift task) and cancelling the
/// async form, against a loopback server.
final class ClientCallbackTests: XCTestCase {
    private var servers: [LoopbackServer] = []

    override func tearDown() {
        servers.forEach { $0.shutdown() }
        servers = []
    }

    private func client(
        maxAttempts: Int = 4, baseDelay: Double = 0.005, _ script: @escaping LoopbackServer.Script
    ) throws -> (LoopbackServer, CloudAPIClient) {
        let server = try LoopbackServer(secrets: ClientLoopbackTests.secrets, script: script)
        servers.append(server)
        let client = try CloudAPIClient(configuration: ClientConfiguration(
            credentials: ClientLoopbackTests.plain, region: "cn-hangzhou", endpoint: server.endpoint,
            connectTimeout: 2, readTimeout: 5,
            retry: RetryPolicy(maxAttempts: maxAttempts, baseDelay: baseDelay, maxDelay: baseDelay)))
        return (server, client)
    }

    private final class Box<T>: @unchecked Sendable {
        let lock = NSLock()
        var items: [T] = []
        func add(_ item: T) { lock.withLock { items.append(item) } }
        var all: [T] { lock.withLock { items } }
    }

    func testCallbackCallSendsWireParametersAndRetries() throws {
        let (server, client) = try client { _, attempt in
            attempt == 1
                ? .json(status: 503, body: #"{"Code":"ServiceUnavailable","Message":"busy"}"#)
                : .json(status: 200, body: #"{"RequestId":"r2","TotalCount":7}"#)
        }
        let operation = try XCTUnwrap(Catalog.operation(named: "DescribeBackendList"))
        let wire = try RequestEncoder.wireParameters(operation: operation, parameters: ["PageSize": 10])
        let attempts = Box<CallAttempt>()
        let results = Box<Result<CallOutcome, any Error>>()
        let done = expectation(description: "completion")
        client.call(operation, wire: wire, observer: { attempts.add($0) }) { result in
            results.add(result)
            done.fulfill()
        }
        wait(for: [done], timeout: 10)
        let outcome = try XCTUnwrap(results.all.first).get()
        XCTAssertEqual(outcome.value["TotalCount"]?.intValue, 7)
        XCTAssertEqual(outcome.requestId, "r2")
        XCTAssertEqual(outcome.attempts, 2)
        XCTAssertEqual(attempts.all.map(\.httpStatus), [503, 200])
        XCTAssertEqual(server.attempts("DescribeBackendList"), 2)
        XCTAssertEqual(server.requests.last?.query.first { $0.0 == "PageSize" }?.1, "10")
    }

    func testCancellingAnAsyncCallEndsItsRetryWait() async throws {
        // A read that keeps failing and asks for a long wait (capped at 20 s): only cancellation ends it early.
        let (server, client) = try client(maxAttempts: 3) { _, _ in
            .json(status: 503, body: #"{"Code":"ServiceUnavailable","Message":"busy"}"#, headers: [("x-acs-retry-after", "30000")])
        }
        let call = Task { try await client.call("DescribeBackendList", [:]) }
        while server.attempts("DescribeBackendList") == 0 { try await Task.sleep(nanoseconds: 5_000_000) }
        try await Task.sleep(nanoseconds: 50_000_000)
        let started = Date()
        call.cancel()
        do {
            _ = try await call.value
            XCTFail("succeeded")
        } catch {
            XCTAssertTrue(error is CancellationError, "\(error)")
        }
        XCTAssertLessThan(Date().timeIntervalSince(started), 5)
        XCTAssertEqual(server.attempts("DescribeBackendList"), 1)
    }

    func testOversizedBodyIsRefusedWithItsStatus() async throws {
        let server = try LoopbackServer(secrets: ClientLoopbackTests.secrets) { _, _ in
            .json(status: 200, body: #"{"RequestId":"r","Padding":"\#(String(repeating: "x", count: 200))"}"#)
        }
        servers.append(server)
        let client = try CloudAPIClient(configuration: ClientConfiguration(
            credentials: ClientLoopbackTests.plain, region: "cn-hangzhou", endpoint: server.endpoint,
            retry: .none, maxResponseBytes: 64))
        do {
            let outcome = try await client.call("DescribeBackendList", [:])
            XCTFail("succeeded: \(outcome.value)")
        } catch let error as CloudAPIError {
            XCTAssertEqual(error.code, "Moongate.InvalidResponse")
            XCTAssertEqual(error.httpStatus, 200)
            XCTAssertEqual(error.message, "response body larger than 64 bytes (HTTP 200)")
        }
    }
}
