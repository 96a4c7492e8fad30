// Request checks as the service makes them: signatures (V3 and V1), keys, clock skew, nonces, STS.

import AsyncHTTPClient
import CloudAPI
import Emulator
import Foundation
import XCTest

final class SignatureTests: EmulatorTestCase {
    /// No seed: these tests only need an empty emulator.
    override func configure(_ configuration: inout EmulatorConfiguration) {}

    func testBothSignatureVersionsAreAccepted() async throws {
        let name = "spaces and * ~ / 测试"  // `+` on the wire, `%20` when canonicalised
        for version in [SignatureVersion.v3, .v1] {
            let reply = try await emulator.call("CreateBackend", [("BackendName", "\(name) \(version)"), ("BackendType", "HTTP")],
                                                signature: version)
            XCTAssertEqual(reply.status, 200, "\(version): \(reply.body)")
        }
        let list = try await emulator.ok("DescribeBackendList", [("BackendName", "spaces*")], signature: .v1)
        XCTAssertEqual(list["TotalCount"], 2)
    }

    func testWrongSecretUnknownKeyAndTampering() async throws {
        let wrong = Credentials(accessKeyId: emulator.credentials.accessKeyId, accessKeySecret: "wrong")
        for version in [SignatureVersion.v3, .v1] {
            let reply = try await emulator.call("DescribeBackendList", [], signature: version, credentials: wrong)
            XCTAssertEqual(reply.code, "SignatureDoesNotMatch", "\(version)")
            XCTAssertEqual(reply.status, 400)
            XCTAssertFalse(reply.body["Message"]!.stringValue!.contains("demo-secret"), "the secret is never echoed")
        }
        let unknown = Credentials(accessKeyId: "nobody", accessKeySecret: "x")
        let reply = try await emulator.call("DescribeBackendList", [], credentials: unknown)
        XCTAssertEqual(reply.code, "InvalidAccessKeyId.NotFound")
        XCTAssertEqual(reply.status, 404)

        // A parameter changed after signing.
        let tampered = try await emulator.send(emulator.signedV3("CreateBackend", [("BackendName", "a"), ("BackendType", "HTTP")],
                                                                 sentQuery: "BackendName=b&BackendType=HTTP"))
        XCTAssertEqual(tampered.code, "SignatureDoesNotMatch")

        let incomplete = try await emulator.send(emulator.post(query: "Action=DescribeBackendList"))
        XCTAssertEqual(incomplete.code, "IncompleteSignature")
    }

    func testClockSkewIsLimitedToFifteenMinutes() async throws {
        for version in [SignatureVersion.v3, .v1] {
            let late = try await emulator.call("DescribeBackendList", [], signature: version, date: Date().addingTimeInterval(-16 * 60))
            XCTAssertEqual(late.code, "InvalidTimeStamp.Expired", "\(version)")
            let early = try await emulator.call("DescribeBackendList", [], signature: version, date: Date().addingTimeInterval(16 * 60))
            XCTAssertEqual(early.code, "InvalidTimeStamp.Expired", "\(version)")
            let near = try await emulator.call("DescribeBackendList", [], signature: version, date: Date().addingTimeInterval(-14 * 60))
            XCTAssertEqual(near.status, 200, "\(version): \(near.body)")
        }
    }

    func testReusedNonceIsRefused() async throws {
        for version in [SignatureVersion.v3, .v1] {
            let nonce = SigningClock.nonce()
            let first = try await emulator.call("DescribeBackendList", [], signature: version, nonce: nonce)
            XCTAssertEqual(first.status, 200)
            let again = try await emulator.call("DescribeBackendList", [], signature: version, nonce: nonce)
            XCTAssertEqual(again.code, "SignatureNonceUsed", "\(version)")
        }
    }

    func testSecurityTokenMustBeSigned() async throws {
        let sts = Credentials(accessKeyId: emulator.credentials.accessKeyId,
                              accessKeySecret: emulator.credentials.accessKeySecret, securityToken: "token/+=")
        for version in [SignatureVersion.v3, .v1] {
            let reply = try await emulator.call("DescribeBackendList", [], signature: version, credentials: sts)
            XCTAssertEqual(reply.status, 200, "\(version): \(reply.body)")
        }
        // A token header added after signing is not covered by the signature.
        var request = emulator.signedV3("DescribeBackendList", [])
        request.headers.add(name: "x-acs-security-token", value: "smuggled")
        let reply = try await emulator.send(request)
        XCTAssertEqual(reply.code, "IncompleteSignature")
    }

    func testWrongVersionIsRefused() async throws {
        let reply = try await emulator.call("DescribeBackendList", [], version: "2018-01-01")
        XCTAssertEqual(reply.code, "InvalidVersion")
    }
}
