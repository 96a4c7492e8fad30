import CloudAPI
import Foundation
import Synchronization
import XCTest

/// Retries and backoff against a loopback server that throttles, fails, then answers; attempts are
/// counted server-side.
final class ClientRetryTests: XCTestCase {
    private var servers: [LoopbackServer] = []

    override func tearDown() {
        servers.forEach { $0.shutdown() }
        servers = []
    }

    private final class Records: Sendable {
        private let items = Mutex<[CallAttempt]>([])
        func add(_ item: CallAttempt) { items.withLock { $0.append(item) } }
        var all: [CallAttempt] { items.withLock { $0 } }
    }

    private func setUp(
        maxAttempts: Int = 4, maxRetryAfter: Double = 20, _ script: @escaping LoopbackServer.Script
    ) throws -> (LoopbackServer, CloudAPIClient, Records) {
        let server = try LoopbackServer(secrets: ClientLoopbackTests.secrets, script: script)
        servers.append(server)
        let records = Records()
        let client = try CloudAPIClient(configuration: ClientConfiguration(
            credentials: ClientLoopbackTests.plain, region: "cn-hangzhou", endpoint: server.endpoint,
            connectTimeout: 2, readTimeout: 5,
            retry: RetryPolicy(maxAttempts: maxAttempts, baseDelay: 0.005, maxDelay: 0.02, maxRetryAfter: maxRetryAfter),
            observer: { records.add($0) }))
        return (server, client, records)
    }

    private static let throttled = LoopbackServer.Reply.json(
        status: 400, body: #"{"Code":"Throttling.User","Message":"Request was denied due to user flow control.","RequestId":"t"}"#)
    private static let ok = LoopbackServer.Reply.json(status: 200, body: #"{"RequestId":"ok"}"#)

    func testThrottledReadIsRetriedThenSucceeds() async throws {
        let (server, client, records) = try setUp { _, attempt in attempt < 3 ? Self.throttled : Self.ok }
        let outcome = try await client.call("DescribeBackendList", [:])
        XCTAssertEqual(server.attempts("DescribeBackendList"), 3)
        XCTAssertEqual(outcome.attempts, 3)
        XCTAssertEqual(outcome.requestId, "ok")
        XCTAssertEqual(records.all.map(\.attempt), [1, 2, 3])
        XCTAssertEqual(records.all.map(\.errorCode), ["Throttling.User", "Throttling.User", nil])
        XCTAssertEqual(records.all.map(\.willRetry), [true, true, false])
        XCTAssertEqual(records.all.map(\.httpStatus), [400, 400, 200])
        for record in records.all.prefix(2) {
            let delay = try XCTUnwrap(record.retryDelay)
            XCTAssertTrue((0...0.02).contains(delay), "full jitter within the capped ceiling: \(delay)")
        }
        // Every attempt is signed afresh: a reused nonce would be refused by the service.
        let nonces = server.requests.compactMap { r in r.headers.first { $0.0 == "x-acs-signature-nonce" }?.1 }
        XCTAssertEqual(Set(nonces).count, 3)
    }

    func testThrottledWriteIsRetriedBecauseNothingWasDone() async throws {
        let (server, client, _) = try setUp { _, attempt in
            attempt == 1 ? .json(status: 429, body: #"{"Code":"TooManyRequests","Message":"slow down"}"#) : Self.ok
        }
        let perCall = Records()
        let outcome = try await client.call(
            "CreateBackend", ["BackendName": "b", "BackendType": "HTTP"], observer: { perCall.add($0) })
        XCTAssertEqual(outcome.attempts, 2)
        XCTAssertEqual(perCall.all.map(\.httpStatus), [429, 200], "a per-call observer sees every attempt too")
        XCTAssertEqual(server.attempts("CreateBackend"), 2)
    }

    func testAWriteWithAnUnknownOutcomeIsRetriedAndSettled() async throws {
        // 503, then NotFound: the first delete may have been carried out, and the retry says it was.
        let (server, client, records) = try setUp { request, attempt in
            attempt == 1 ? .json(status: 503, body: #"{"Code":"ServiceUnavailable","Message":"temporary failure","RequestId":"u"}"#)
                : .json(status: 400, body: #"{"Code":"NotFoundBackend","Message":"gone","RequestId":"g"}"#)
        }
        let outcome = try await client.call("DeleteBackend", ["BackendId": "b"])
        XCTAssertEqual(outcome.resolution, "gone")
        XCTAssertEqual(outcome.attempts, 2)
        XCTAssertEqual(server.attempts("DeleteBackend"), 2)
        XCTAssertEqual(records.all.map(\.willRetry), [true, false])

        // A NotFound on the first attempt is an error: nothing says this call deleted anything.
        let (_, plain, _) = try setUp { _, _ in .json(status: 400, body: #"{"Code":"NotFoundBackend","Message":"no","RequestId":"n"}"#) }
        do {
            _ = try await plain.call("DeleteBackend", ["BackendId": "b"])
            XCTFail("succeeded")
        } catch let error as CloudAPIError {
            XCTAssertEqual(error.code, "NotFoundBackend")
        }
    }

    func testACreateWhoseFirstAttemptWasCarriedOutIsFoundByName() async throws {
        let createdAt = ISO8601DateFormatter().string(from: Date().addingTimeInterval(5))
        let (server, client, _) = try setUp { request, attempt in
            switch (request.action, attempt) {
            case ("CreateBackend", 1): return .drop   // carried out, the answer lost
            case ("CreateBackend", _): return .json(status: 400, body: #"{"Code":"RepeatedBackendName","Message":"in use","RequestId":"r"}"#)
            default:
                return .json(status: 200, body: """
                    {"RequestId":"l","TotalCount":2,"BackendInfoList":[
                     {"BackendId":"old","BackendName":"orders","BackendType":"HTTP","Description":"other","CreatedTime":"\(createdAt)"},
                     {"BackendId":"mine","BackendName":"orders","BackendType":"HTTP","Description":"d","CreatedTime":"\(createdAt)"}]}
                    """)
            }
        }
        let outcome = try await client.call("CreateBackend", ["BackendName": "orders", "BackendType": "HTTP", "Description": "d"])
        XCTAssertEqual(outcome.value["BackendId"], "mine", "same name, type and description, created after the first attempt")
        XCTAssertEqual(outcome.resolution, "found-by-name")
        XCTAssertEqual(server.attempts("CreateBackend"), 2)
        XCTAssertEqual(server.attempts("DescribeBackendList"), 1)

        // Only an older backend of that name: someone else's, so the duplicate error stands.
        let (_, other, _) = try setUp { request, attempt in
            switch (request.action, attempt) {
            case ("CreateBackend", 1): return .drop
            case ("CreateBackend", _): return .json(status: 400, body: #"{"Code":"RepeatedBackendName","Message":"in use","RequestId":"r"}"#)
            default:
                return .json(status: 200, body: #"{"RequestId":"l","TotalCount":1,"BackendInfoList":[{"BackendId":"old","BackendName":"orders","BackendType":"HTTP","Description":"d","CreatedTime":"2022-01-25T11:22:29Z"}]}"#)
            }
        }
        do {
            _ = try await other.call("CreateBackend", ["BackendName": "orders", "BackendType": "HTTP", "Description": "d"])
            XCTFail("claimed someone else's backend")
        } catch let error as CloudAPIError {
            XCTAssertEqual(error.code, "RepeatedBackendName")
        }
    }

    func testReadRetriesAreBounded() async throws {
        let (server, client, _) = try setUp(maxAttempts: 3) { _, _ in
            .json(status: 500, body: #"{"Code":"InternalError","Message":"boom"}"#)
        }
        do {
            _ = try await client.call("DescribeBackendInfo", ["BackendId": "b"])
            XCTFail("succeeded")
        } catch let error as CloudAPIError {
            XCTAssertEqual(error.code, "InternalError")
            XCTAssertEqual(error.httpStatus, 500)
        }
        XCTAssertEqual(server.attempts("DescribeBackendInfo"), 3)
    }

    func testNonRetryableErrorsAreNotRetried() async throws {
        let (server, client, _) = try setUp { _, _ in
            .json(status: 400, body: #"{"Code":"NotFoundBackend","Message":"no such backend","RequestId":"n"}"#)
        }
        _ = try? await client.call("DescribeBackendInfo", ["BackendId": "b"])
        XCTAssertEqual(server.attempts("DescribeBackendInfo"), 1)
    }

    func testRetryAfterHeaderIsHonouredWithACap() async throws {
        let (_, client, records) = try setUp(maxRetryAfter: 0.05) { request, attempt in
            let wait = request.action == "DescribeBackendList" ? "30" : "600000"
            return attempt == 1
                ? .json(status: 400, body: #"{"Code":"Throttling","Message":"wait"}"#, headers: [("x-acs-retry-after", wait)])
                : Self.ok
        }
        _ = try await client.call("DescribeBackendList", [:])
        _ = try await client.call("DescribeApiProductApis", ["ApiProductId": "p"])
        let delays = records.all.compactMap(\.retryDelay)
        XCTAssertEqual(delays.count, 2)
        XCTAssertEqual(delays[0], 0.03 * 1.05, accuracy: 0.0151, "the service's wait plus up to a tenth: \(delays)")
        XCTAssertEqual(delays[1], 0.05 * 1.05, accuracy: 0.0026, "capped, then jittered: \(delays)")
    }

    func testADroppedConnectionLeavesTheOutcomeUnknownAndIsRetried() async throws {
        let (server, client, _) = try setUp { request, attempt in attempt == 1 ? .drop : Self.ok }
        let outcome = try await client.call("DescribeUpdateBackendTask", ["OperationUid": "o"])
        XCTAssertEqual(outcome.attempts, 2)
        XCTAssertNil(outcome.resolution, "a read has nothing to settle")
        let write = try await client.call("DeleteApiProduct", ["ApiProductId": "p"])
        XCTAssertEqual(write.resolution, "retried", "the request went out before the drop: retried, since the retry can be settled")
        XCTAssertEqual(server.attempts("DeleteApiProduct"), 2)

        let (_, always, _) = try setUp { _, _ in .drop }
        do {
            _ = try await always.call("AttachApiProduct", ["ApiProductId": "p", "Apis": [["ApiId": "a", "StageName": "TEST"]]])
            XCTFail("succeeded")
        } catch let error as CloudAPIError {
            XCTAssertEqual(error.code, "Moongate.ConnectionFailed")
            XCTAssertNil(error.httpStatus)
            XCTAssertTrue(error.requestSent && error.outcomeUnknown, "it may have been carried out")
        }
    }

    func testASilentServerIsATimeoutWithAnUnknownOutcome() async throws {
        let server = try LoopbackServer(secrets: ClientLoopbackTests.secrets) { _, attempt in attempt == 1 ? .stall : Self.ok }
        servers.append(server)
        let client = try CloudAPIClient(configuration: ClientConfiguration(
            credentials: ClientLoopbackTests.plain, region: "cn-hangzhou", endpoint: server.endpoint,
            connectTimeout: 1, readTimeout: 0.2, retry: RetryPolicy(maxAttempts: 2, baseDelay: 0.005)))
        let outcome = try await client.call("DescribeBackendList", [:])
        XCTAssertEqual(outcome.attempts, 2)
        let write = try await client.call("DeleteBackend", ["BackendId": "b"])
        XCTAssertEqual(write.resolution, "retried")
        XCTAssertEqual(server.attempts("DeleteBackend"), 2)
    }

    func testNothingListeningIsAConnectionFailure() async throws {
        let server = try LoopbackServer(secrets: [:]) { _, _ in Self.ok }
        let endpoint = server.endpoint
        server.shutdown()
        let client = try CloudAPIClient(configuration: ClientConfiguration(
            credentials: ClientLoopbackTests.plain, region: "cn-hangzhou", endpoint: endpoint, connectTimeout: 0.3,
            retry: .none))
        do {
            _ = try await client.call("DescribeBackendList", [:])
            XCTFail("succeeded")
        } catch let error as CloudAPIError {
            XCTAssertEqual(error.code, "Moongate.ConnectionFailed")
            XCTAssertTrue(error.description.hasPrefix("DescribeBackendList: Moongate.ConnectionFailed: cannot reach http://127.0.0.1:"))
            XCTAssertFalse(error.requestSent || error.outcomeUnknown, "nothing went out: a write could be repeated safely")
        }
    }

    func testBackoffCeilingDoublesAndIsCapped() {
        let policy = RetryPolicy(maxAttempts: 10, baseDelay: 0.2, maxDelay: 5)
        let error = CloudAPIError(code: "Throttling", message: "", httpStatus: 400, action: "X", retryable: true)
        let ceilings = (1...7).map { policy.delay(after: $0, error: error, random: { $0.upperBound }) }
        XCTAssertEqual(ceilings, [0.2, 0.4, 0.8, 1.6, 3.2, 5, 5])
        XCTAssertEqual(policy.delay(after: 3, error: error, random: { $0.lowerBound }), 0)
        let fiveHundred = CloudAPIError(code: "InternalError", message: "", httpStatus: 500, action: "X", retryable: true)
        XCTAssertFalse(policy.shouldRetry(fiveHundred, effect: .read, attempt: 10), "bounded")
        XCTAssertTrue(policy.shouldRetry(fiveHundred, effect: .read, attempt: 1))
        // Throttling is retried, writes too, until the deadline (300 s from the call's start), not a count.
        XCTAssertTrue(policy.shouldRetry(error, effect: .write, attempt: 50, elapsed: 299, delay: 0.5))
        XCTAssertFalse(policy.shouldRetry(error, effect: .write, attempt: 50, elapsed: 299.6, delay: 0.5))
        XCTAssertFalse(RetryPolicy.none.shouldRetry(error, effect: .read, attempt: 1), "no retries means none")
        let anyCodeWithRetryAfter = CloudAPIError(code: "Busy", message: "", httpStatus: 503, action: "X", retryable: true,
                                                  retryAfterMilliseconds: 40)
        XCTAssertTrue(anyCodeWithRetryAfter.isThrottling, "x-acs-retry-after makes any error a throttle, as the official clients read it")
        XCTAssertFalse(policy.shouldRetry(fiveHundred, effect: .write, attempt: 1))
        XCTAssertTrue(policy.shouldRetry(error, effect: .write, attempt: 1))
    }
}
