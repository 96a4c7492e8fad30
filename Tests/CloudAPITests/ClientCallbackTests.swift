import CloudAPI
import Foundation
import Synchronization
import XCTest

/// A call on a CallLoop the test thread drives itself (pre-encoded wire parameters, no Swift task:
/// what Moongate's script thread does), cancelling, and cancelling the async form, against a
/// loopback server.
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

    func testCallbackCallSendsWireParametersAndRetries() throws {
        let (server, client) = try client { _, attempt in
            attempt == 1
                ? .json(status: 503, body: #"{"Code":"ServiceUnavailable","Message":"busy"}"#)
                : .json(status: 200, body: #"{"RequestId":"r2","TotalCount":7}"#)
        }
        let operation = try XCTUnwrap(Catalog.operation(named: "DescribeBackendList"))
        let wire = try RequestEncoder.wireParameters(operation: operation, parameters: ["PageSize": 10])
        let loop = CallLoop()
        let attempts = Attempts()
        var result: Result<CallOutcome, any Error>?
        let thread = Thread.current
        let task = client.start(operation, wire: wire, observer: { attempts.add($0) }, on: loop) {
            XCTAssertEqual(Thread.current, thread, "completion on the thread that drives the loop")
            result = $0
        }
        XCTAssertFalse(task.isFinished)
        loop.run(until: { result != nil })
        let outcome = try XCTUnwrap(result).get()
        XCTAssertEqual(outcome.value["TotalCount"]?.intValue, 7)
        XCTAssertEqual(outcome.requestId, "r2")
        XCTAssertEqual(outcome.attempts, 2)
        XCTAssertEqual(attempts.all.map(\.httpStatus), [503, 200])
        XCTAssertEqual(server.attempts("DescribeBackendList"), 2)
        XCTAssertEqual(server.requests.last?.query.first { $0.0 == "PageSize" }?.1, "10")
        XCTAssertTrue(loop.isIdle)
    }

    func testManyCallsOnOneLoopOverlapAndEachCompletesOnce() throws {
        let (server, client) = try client { _, _ in .json(status: 200, body: #"{"RequestId":"r","TotalCount":1}"#) }
        let operation = try XCTUnwrap(Catalog.operation(named: "DescribeBackendList"))
        let loop = CallLoop()
        var completions = 0
        for page in 1...40 {
            let wire = try RequestEncoder.wireParameters(operation: operation, parameters: ["PageNumber": .int(Int64(page))])
            client.start(operation, wire: wire, on: loop) { result in
                XCTAssertNotNil(try? result.get())
                completions += 1
            }
        }
        loop.run(until: { completions == 40 })
        XCTAssertEqual(server.attempts("DescribeBackendList"), 40)
        let pages = Set(server.requests.compactMap { $0.query.first { $0.0 == "PageNumber" }?.1 })
        XCTAssertEqual(pages.count, 40)
    }

    func testCancellingOnTheLoopEndsTheRetryWaitAtOnce() throws {
        let (server, client) = try client(maxAttempts: 3) { _, _ in
            .json(status: 503, body: #"{"Code":"ServiceUnavailable","Message":"busy"}"#, headers: [("x-acs-retry-after", "30000")])
        }
        let operation = try XCTUnwrap(Catalog.operation(named: "DescribeBackendList"))
        let loop = CallLoop()
        var result: Result<CallOutcome, any Error>?
        let task = client.start(operation, wire: [], on: loop) { result = $0 }
        loop.run(until: { server.attempts("DescribeBackendList") == 1 && !loop.isIdle && task.attemptsSent == 1 })
        // Give the 503 time to arrive, so the task is waiting for its retry timer.
        let until = Date().addingTimeInterval(0.2)
        loop.run(until: { Date() > until })
        task.cancel()
        XCTAssertTrue(task.isFinished)
        XCTAssertTrue(try XCTUnwrap(result).failureError is CancellationError)
        XCTAssertTrue(loop.isIdle, "the retry timer is gone")
        XCTAssertEqual(server.attempts("DescribeBackendList"), 1)
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

/// The observer is `@Sendable` (the async form calls it on the background loop's thread).
private final class Attempts: Sendable {
    private let items = Mutex<[CallAttempt]>([])
    func add(_ item: CallAttempt) { items.withLock { $0.append(item) } }
    var all: [CallAttempt] { items.withLock { $0 } }
}

private extension Result {
    var failureError: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
