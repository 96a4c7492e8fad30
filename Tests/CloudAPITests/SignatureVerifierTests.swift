import CloudAPI
import Foundation
import XCTest

final class SignatureVerifierTests: XCTestCase {
    private let credentials = Credentials(accessKeyId: "AK", accessKeySecret: "SK", securityToken: "TOK")
    private let query = [("BackendName", "a b"), ("Tag.1.Key", "k")]

    private func verify(
        _ headers: [(String, String)], query: [(String, String)]? = nil, body: [UInt8] = [], method: String = "POST"
    ) -> Result<SignatureVerifier.Verified, SignatureVerifier.Failure> {
        SignatureVerifier.verify(method: method, path: "/", query: query ?? self.query, headers: headers, body: body,
                                 secret: { $0 == "AK" ? "SK" : nil })
    }

    private func signedV3() -> [(String, String)] {
        SignerV3.sign(action: "CreateBackend", version: "2016-07-14", host: "h:1", query: query, credentials: credentials)
            + [("Content-Length", "0"), ("user-agent", "x")]
    }

    func testAcceptsWhatTheClientSigns() throws {
        let verified = try verify(signedV3()).get()
        XCTAssertEqual(verified.version, .v3)
        XCTAssertEqual(verified.accessKeyId, "AK")
        XCTAssertEqual(verified.securityToken, "TOK")
        XCTAssertEqual(verified.action, "CreateBackend")
        XCTAssertEqual(verified.apiVersion, "2016-07-14")
        XCTAssertNotNil(verified.timestamp.flatMap(SigningClock.parseTimestamp))
        XCTAssertEqual(verified.nonce?.count, 32)

        let v1 = SignerV1.sign(action: "CreateBackend", version: "2016-07-14", parameters: query, credentials: credentials)
        let verifiedV1 = try verify([], query: v1).get()
        XCTAssertEqual(verifiedV1.version, .v1)
        XCTAssertEqual(verifiedV1.parameters.map(\.0), ["BackendName", "Tag.1.Key"])
        XCTAssertEqual(verifiedV1.securityToken, "TOK")
    }

    private func failureCode(_ result: Result<SignatureVerifier.Verified, SignatureVerifier.Failure>) -> String? {
        if case .failure(let failure) = result { return failure.code }
        return nil
    }

    func testRefusals() {
        XCTAssertEqual(failureCode(verify([])), "IncompleteSignature")
        XCTAssertEqual(failureCode(verify(signedV3(), query: [("BackendName", "changed")])), "SignatureDoesNotMatch")
        XCTAssertEqual(failureCode(verify(signedV3(), method: "GET")), "SignatureDoesNotMatch")
        if case .failure(let failure) = verify(signedV3(), method: "GET") {
            XCTAssertFalse(failure.message.contains("TOK"), failure.message)
        }
        XCTAssertEqual(failureCode(verify(signedV3() + [("x-acs-extra", "1")])), "IncompleteSignature", "unsigned x-acs-*")
        XCTAssertEqual(failureCode(verify(signedV3(), body: [1])), "SignatureDoesNotMatch", "body hash")
        let otherKey = SignerV3.sign(action: "A", version: "v", host: "h", query: [],
                                     credentials: Credentials(accessKeyId: "NOPE", accessKeySecret: "x"))
        XCTAssertEqual(failureCode(verify(otherKey, query: [])), "InvalidAccessKeyId.NotFound")
        var v1 = SignerV1.sign(action: "CreateBackend", version: "2016-07-14", parameters: query, credentials: credentials)
        v1[v1.count - 1].1 = "AAAA"
        if case .failure(let failure) = verify([], query: v1) {
            XCTAssertEqual(failure.code, "SignatureDoesNotMatch")
            XCTAssertTrue(failure.message.contains("server string to sign is:POST&%2F&AccessKeyId%3DAK"))
            XCTAssertTrue(failure.message.contains("SecurityToken%3D***%26"), failure.message)
            XCTAssertFalse(failure.message.contains("TOK"), "the echoed string to sign hides the security token: \(failure.message)")
        } else {
            XCTFail("accepted a wrong V1 signature")
        }
    }
}
