import CloudAPI
import Foundation
import XCTest

final class CredentialsTests: XCTestCase {
    func testNoDescriptionShowsTheSecretOrToken() {
        let creds = Credentials(accessKeyId: "AKID123", accessKeySecret: "SUPERSECRET", securityToken: "STSTOKEN")
        var dumped = ""
        dump(creds, to: &dumped)
        let renderings = [creds.description, creds.debugDescription, "\(creds)", String(reflecting: creds), dumped,
                          "\([creds])", "\(Optional(creds) as Any)"]
        for text in renderings {
            XCTAssertFalse(text.contains("SUPERSECRET"), text)
            XCTAssertFalse(text.contains("STSTOKEN"), text)
            XCTAssertTrue(text.contains("AKID123"), text)
        }
        XCTAssertTrue(creds.isTemporary)
        XCTAssertNil(Credentials(accessKeyId: "a", accessKeySecret: "b", securityToken: "").securityToken)
    }

    func testTimestampAndNonce() {
        let date = Date(timeIntervalSince1970: 1_704_164_645.9)
        XCTAssertEqual(SigningClock.timestamp(date), "2024-01-02T03:04:05Z")
        XCTAssertEqual(SigningClock.parseTimestamp("2024-01-02T03:04:05Z"), Date(timeIntervalSince1970: 1_704_164_645))
        XCTAssertNil(SigningClock.parseTimestamp("2024-01-02 03:04:05"))
        XCTAssertNil(SigningClock.parseTimestamp("2024-13-02T03:04:05Z"))
        let nonce = SigningClock.nonce()
        XCTAssertEqual(nonce.count, 32)
        XCTAssertTrue(nonce.allSatisfy { $0.isHexDigit })
        XCTAssertNotEqual(nonce, SigningClock.nonce())
    }
}
