import CloudAPI
import Foundation
import XCTest

/// Error bodies, unreadable bodies and secrets, through the real client and a loopback server.
final class ErrorBodyTests: XCTestCase {
    private var servers: [LoopbackServer] = []

    override func tearDown() {
        servers.forEach { $0.shutdown() }
        servers = []
    }

    private func failure(
        _ reply: LoopbackServer.Reply, operation: String = "CreateBackend",
        parameters: [String: Value] = ["BackendName": "b", "BackendType": "HTTP"],
        credentials: Credentials = ClientLoopbackTests.plain, signature: ClientConfiguration.SignatureVersion = .v3
    ) async throws -> CloudAPIError {
        let server = try LoopbackServer(secrets: ClientLoopbackTests.secrets) { _, _ in reply }
        servers.append(server)
        let client = try CloudAPIClient(configuration: ClientConfiguration(
            credentials: credentials, region: "cn-hangzhou", endpoint: server.endpoint, signatureVersion: signature,
            retry: .none))
        do {
            let outcome = try await client.call(operation, parameters)
            XCTFail("succeeded: \(outcome.value)")
            throw CancellationError()
        } catch let error as CloudAPIError {
            return error
        }
    }

    func testServiceErrorBodyIsReadFieldByField() async throws {
        let error = try await failure(.json(status: 400, body: """
            {"RequestId":"CEB6EC62-B6C7","HostId":"apigateway.cn-hangzhou.aliyuncs.com","Code":"InvalidParameter.BackendName",
             "Message":"The backend name is invalid.","Recommend":"https://api.aliyun.com/troubleshoot?q=x"}
            """))
        XCTAssertEqual(error.code, "InvalidParameter.BackendName")
        XCTAssertEqual(error.message, "The backend name is invalid.")
        XCTAssertEqual(error.requestId, "CEB6EC62-B6C7")
        XCTAssertEqual(error.hostId, "apigateway.cn-hangzhou.aliyuncs.com")
        XCTAssertEqual(error.httpStatus, 400)
        XCTAssertEqual(error.action, "CreateBackend")
        XCTAssertEqual(error.recommend, "https://api.aliyun.com/troubleshoot?q=x")
        XCTAssertFalse(error.retryable)
        XCTAssertEqual(
            error.description,
            "CreateBackend: InvalidParameter.BackendName (HTTP 400, RequestId CEB6EC62-B6C7): The backend name is invalid.")
    }

    func testLowerCaseFieldsAndMissingCode() async throws {
        let lower = try await failure(.json(status: 403, body: #"{"code":"Forbidden.RAM","message":"denied","requestId":"r1"}"#))
        XCTAssertEqual(lower.code, "Forbidden.RAM")
        XCTAssertEqual(lower.requestId, "r1")
        let bare = try await failure(.json(status: 502, body: "{}"))
        XCTAssertEqual(bare.code, "HTTP502")
        XCTAssertTrue(bare.retryable)
    }

    func testNonJSONBodyGivesStatusAndFirstBytes() async throws {
        let html = "<html><body><h1>502 Bad Gateway</h1>\n</body></html>"
        let error = try await failure(.raw(status: 502, body: Array(html.utf8), contentType: "text/html"))
        XCTAssertEqual(error.code, "Moongate.InvalidResponse")
        XCTAssertEqual(error.httpStatus, 502)
        XCTAssertTrue(error.message.contains("response is not JSON"), error.message)
        XCTAssertTrue(error.message.contains("HTTP 502"), error.message)
        XCTAssertTrue(error.message.contains("first bytes: \"<html><body><h1>502 Bad Gateway</h1> </body></html>\""), error.message)
        XCTAssertTrue(error.retryable)
    }

    func testTruncatedJSONAndNonObjectBodies() async throws {
        let truncated = try await failure(.raw(status: 200, body: Array(#"{"RequestId":"abc","Backe"#.utf8), contentType: "application/json"))
        XCTAssertEqual(truncated.code, "Moongate.InvalidResponse")
        XCTAssertTrue(truncated.message.contains("at byte 25"), truncated.message)
        XCTAssertFalse(truncated.retryable)
        let array = try await failure(.json(status: 200, body: "[1,2]"))
        XCTAssertTrue(array.message.contains("not an object"), array.message)
        let empty = try await failure(.raw(status: 500, body: [], contentType: "text/plain"))
        XCTAssertTrue(empty.message.hasPrefix("empty response body (HTTP 500)"), empty.message)
        let long = try await failure(.raw(status: 200, body: Array(repeating: UInt8(ascii: "x"), count: 5000), contentType: "text/plain"))
        XCTAssertLessThan(long.message.count, 300, "only the first bytes are quoted")
    }

    func testConnectionClosedMidBodyIsAClearError() async throws {
        let error = try await failure(.truncated(status: 200, body: Array(#"{"RequestId":"#.utf8), declaredLength: 100))
        XCTAssertEqual(error.code, "Moongate.ConnectionFailed")
        XCTAssertNil(error.httpStatus)
    }

    // MARK: - Secrets

    func testSecretsNeverAppearInErrorsOrDescriptions() async throws {
        let sts = ClientLoopbackTests.sts
        // A wrong secret with V1: the server echoes its string to sign, which holds the STS token
        // percent-encoded twice; the client must scrub it.
        let wrongSecret = Credentials(accessKeyId: "STSTEST", accessKeySecret: "wrong-secret-1", securityToken: sts.securityToken)
        let signatureError = try await failure(.json(status: 200, body: "{}"), credentials: wrongSecret, signature: .v1)
        XCTAssertEqual(signatureError.code, "SignatureDoesNotMatch")
        // A service message that quotes the raw secret and token.
        let echo = try await failure(.json(status: 400, body: try Value.object([
            "Code": "Weird", "Message": .string("secret \(sts.accessKeySecret) token \(sts.securityToken!)"),
        ]).jsonString()), credentials: sts)
        let client = try CloudAPIClient(configuration: ClientConfiguration(credentials: sts, region: "cn-hangzhou"))
        let prepared = try client.prepare(action: "CreateBackend", parameters: [("BackendName", "b")])
        let v1Client = try CloudAPIClient(configuration: ClientConfiguration(
            credentials: sts, region: "cn-hangzhou", signatureVersion: .v1))
        var dumped = ""
        dump(client, to: &dumped)
        dump(prepared, to: &dumped)
        dump(try v1Client.prepare(action: "X", parameters: []), to: &dumped)
        XCTAssertTrue(dumped.contains("STSTEST"), "the dump is not empty")
        let texts = [
            dumped, "\(signatureError)", signatureError.message, "\(echo)", "\(client)", "\(client.configuration)",
            "\(prepared)", "\(try v1Client.prepare(action: "X", parameters: []))", String(reflecting: client.configuration),
        ]
        for text in texts {
            XCTAssertFalse(text.contains("sts-s3cr3t"), text)
            XCTAssertFalse(text.contains("wrong-secret-1"), text)
            XCTAssertFalse(text.contains("TOKEN"), text)
        }
        XCTAssertTrue(echo.message.contains("***"), echo.message)
    }
}
