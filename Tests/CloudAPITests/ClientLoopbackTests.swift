import CloudAPI
import Foundation
import XCTest

/// The client against a real loopback HTTP server that verifies every signature.
final class ClientLoopbackTests: XCTestCase {
    static let plain = Credentials(accessKeyId: "AKTEST", accessKeySecret: "s3cr3t-VALUE/+=")
    static let sts = Credentials(accessKeyId: "STSTEST", accessKeySecret: "sts-s3cr3t", securityToken: "TOKEN/+=abc&x")
    static let secrets = ["AKTEST": "s3cr3t-VALUE/+=", "STSTEST": "sts-s3cr3t"]

    private var servers: [LoopbackServer] = []

    override func tearDown() {
        servers.forEach { $0.shutdown() }
        servers = []
    }

    private func server(_ script: @escaping LoopbackServer.Script) throws -> LoopbackServer {
        let server = try LoopbackServer(secrets: Self.secrets, script: script)
        servers.append(server)
        return server
    }

    private func client(
        _ server: LoopbackServer, credentials: Credentials = plain, signature: ClientConfiguration.SignatureVersion = .v3,
        retry: RetryPolicy = RetryPolicy(maxAttempts: 4, baseDelay: 0.005, maxDelay: 0.02),
        observer: CallObserver? = nil
    ) throws -> CloudAPIClient {
        try CloudAPIClient(configuration: ClientConfiguration(
            credentials: credentials, region: "cn-hangzhou", endpoint: server.endpoint, signatureVersion: signature,
            connectTimeout: 2, readTimeout: 5, retry: retry, observer: observer))
    }

    private func callError(_ client: CloudAPIClient, _ name: String, _ parameters: [String: Value]) async -> CloudAPIError? {
        do {
            _ = try await client.call(name, parameters)
            XCTFail("\(name) succeeded")
            return nil
        } catch {
            guard let error = error as? CloudAPIError else { XCTFail("not a CloudAPIError: \(error)"); return nil }
            return error
        }
    }

    // MARK: - All 19 operations, signed and verified

    func testEveryOperationIsSignedAndVerifiedWithV3AndV1WithAndWithoutSTS() async throws {
        let server = try server { request, _ in
            .json(status: 200, body: #"{"RequestId":"req-\#(request.action ?? "")","PageNumber":1}"#)
        }
        for (credentials, version) in [(Self.plain, .v3), (Self.sts, .v3), (Self.plain, .v1), (Self.sts, .v1)]
            as [(Credentials, ClientConfiguration.SignatureVersion)]
        {
            let client = try client(server, credentials: credentials, signature: version)
            for golden in GoldenRequests.all {
                let before = server.requests.count
                let outcome = try await client.call(golden.operation, golden.parameters)
                XCTAssertEqual(outcome.requestId, "req-\(golden.operation)")
                XCTAssertEqual(outcome.httpStatus, 200)
                XCTAssertEqual(outcome.attempts, 1)
                XCTAssertEqual(outcome.value["PageNumber"], .int(1))
                let seen = server.requests[before]
                let label = "\(golden.operation) \(version) sts=\(credentials.isTemporary)"
                XCTAssertNil(seen.signatureProblem, label)
                XCTAssertEqual(seen.signatureVersion, version.rawValue, label)
                XCTAssertEqual(seen.method, "POST", label)
                XCTAssertEqual(seen.path, "/", label)
                XCTAssertEqual(seen.bodyLength, 0, label)
                XCTAssertEqual(seen.action, golden.operation, label)
                XCTAssertEqual(seen.accessKeyId, credentials.accessKeyId, label)
                XCTAssertEqual(seen.securityToken, credentials.securityToken, label)
                XCTAssertEqual(seen.operationParameters.map(\.0), golden.wire.map(\.0), label)
                XCTAssertEqual(seen.operationParameters.map(\.1), golden.wire.map(\.1), label)
                XCTAssertEqual(seen.headers.first { $0.0.lowercased() == "host" }?.1, "127.0.0.1:\(server.port)", label)
            }
        }
        XCTAssertEqual(server.requests.count, 4 * 19)
        // Reads reuse kept-alive connections; each write opens its own, so that libcurl can never
        // re-send it by itself on a connection that died (Transfer.freshConnection).
        let writes = GoldenRequests.all.filter { Catalog.operation(named: $0.operation)?.mutates == true }.count
        XCTAssertGreaterThan(writes, 0)
        XCTAssertLessThanOrEqual(server.connections, 4 * writes + 4, "keep-alive: reads reuse connections")
        XCTAssertGreaterThanOrEqual(server.connections, 4 * writes, "every write on a fresh connection")
    }

    func testAWrongSecretIsRefusedByTheServer() async throws {
        let server = try server { _, _ in .json(status: 200, body: #"{"RequestId":"r"}"#) }
        let wrong = Credentials(accessKeyId: "AKTEST", accessKeySecret: "not-the-secret")
        let error = await callError(try client(server, credentials: wrong), "DeleteBackend", ["BackendId": "b"])
        XCTAssertEqual(error?.code, "SignatureDoesNotMatch")
        XCTAssertEqual(error?.httpStatus, 400)
        XCTAssertEqual(error?.retryable, false)
    }

    func testResponsesKeepIntegersBooleansAndNesting() async throws {
        let server = try server { _, _ in
            .json(status: 200, body: #"{"RequestId":"r","TotalCount":9007199254740993,"Ratio":1.0,"Ok":true,"AuthorizedApps":{"AuthorizedApp":[{"AppId":110840611}]}}"#)
        }
        let outcome = try await client(server).call("DescribeAppsByApiProduct", ["ApiProductId": "p"])
        XCTAssertEqual(outcome.value["TotalCount"], .int(9007199254740993))
        XCTAssertEqual(outcome.value["Ratio"], .double(1.0))
        XCTAssertEqual(outcome.value["Ok"], .bool(true))
        XCTAssertEqual(outcome.value[path: ["AuthorizedApps", "AuthorizedApp"]]?[0]?["AppId"], .int(110840611))
    }

    // MARK: - Validation happens before sending

    func testInvalidParametersAndUnknownOperationsSendNothing() async throws {
        let server = try server { _, _ in .json(status: 200, body: "{}") }
        let client = try client(server)
        do {
            _ = try await client.call("CreateBackend", ["BackendType": "HTTP"])
            XCTFail("accepted")
        } catch let error as ParameterError {
            XCTAssertEqual(error.description, "CreateBackend: missing required parameter BackendName")
        }
        do {
            _ = try await client.call("CreatBackend", [:])
            XCTFail("accepted")
        } catch let error as ParameterError {
            XCTAssertEqual(error.code, "Moongate.UnknownOperation")
            XCTAssertEqual(error.suggestion, "CreateBackend")
        }
        XCTAssertEqual(server.requests.count, 0)
    }
}
