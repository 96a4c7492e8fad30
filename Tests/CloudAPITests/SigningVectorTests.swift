import CloudAPI
import Foundation
import XCTest

/// Every vector of signing-vectors.json (recorded from the official Python SDK) must match exactly,
/// step by step: canonical request, string to sign, signature, authorization.
final class SigningVectorTests: XCTestCase {
    static func loadVectors() throws -> Value {
        let url = try XCTUnwrap(Bundle.module.url(forResource: "Fixtures/signing-vectors", withExtension: "json"))
        return try Value(json: Data(contentsOf: url))
    }

    private func pairs(_ value: Value?) -> [(String, String)] {
        (value?.objectValue ?? [:]).map { ($0.key, $0.value.stringValue ?? "") }
    }

    func testV3Vectors() throws {
        let vectors = try XCTUnwrap(Self.loadVectors()["vectors"]?.arrayValue).filter {
            $0["kind"]?.stringValue?.hasPrefix("V3") == true
        }
        XCTAssertEqual(vectors.count, 9)
        for vector in vectors {
            let name = vector["name"]?.stringValue ?? "?"
            let inputs = try XCTUnwrap(vector["inputs"])
            let expected = try XCTUnwrap(vector["intermediate"])
            let query = pairs(inputs["query"])
            let headers = pairs(inputs["headers_before_signing"])
            let body = Array((inputs["body_utf8"]?.stringValue ?? "").utf8)
            let payloadHash = SignerV3.hashedPayload(body)
            XCTAssertEqual(payloadHash, expected["hashed_payload"]?.stringValue, name)
            XCTAssertEqual(SignerV3.canonicalQueryString(query), expected["canonical_query_string"]?.stringValue, name)
            let (canonicalHeaders, signedHeaders) = SignerV3.canonicalHeaders(headers)
            XCTAssertEqual(canonicalHeaders, expected["canonical_headers"]?.stringValue, name)
            XCTAssertEqual(signedHeaders, expected["signed_headers"]?.stringValue, name)
            let request = SignerV3.canonicalRequest(
                method: inputs["method"]!.stringValue!, path: inputs["pathname"]!.stringValue!, query: query,
                headers: headers, hashedPayload: payloadHash)
            XCTAssertEqual(request, expected["canonical_request"]?.stringValue, name)
            let stringToSign = SignerV3.stringToSign(canonicalRequest: request)
            XCTAssertEqual(stringToSign, expected["string_to_sign"]?.stringValue, name)
            let signature = SignerV3.signature(stringToSign: stringToSign, secret: inputs["access_key_secret"]!.stringValue!)
            XCTAssertEqual(signature, expected["signature"]?.stringValue, name)
            let authorization = SignerV3.authorization(
                accessKeyId: inputs["access_key_id"]!.stringValue!, signedHeaders: signedHeaders, signature: signature)
            XCTAssertEqual(authorization, vector["output"]?["authorization"]?.stringValue, name)

            // The server's view: parse the header and recompute with only the listed headers,
            // from a header set that also holds unsigned extras (as a real request does).
            let parsed = try XCTUnwrap(SignerV3.parseAuthorization(authorization), name)
            XCTAssertEqual(parsed.accessKeyId, "testAccessKeyId")
            XCTAssertEqual(parsed.signature, signature)
            let received = headers + [("Content-Length", "0"), ("Accept-Encoding", "identity")]
            let serverRequest = SignerV3.canonicalRequest(
                method: "POST", path: "/", query: query, headers: received,
                signedHeaderNames: parsed.signedHeaders, hashedPayload: payloadHash)
            XCTAssertEqual(serverRequest, request, name)
        }
    }

    /// The client-side `sign` with the vector's own date and nonce gives the minimal-headers vector.
    func testV3ClientSignMatchesMinimalHeadersVector() throws {
        let vector = try XCTUnwrap(Self.loadVectors()["vectors"]?.arrayValue?.first { $0["name"] == "v3-minimal-headers" })
        let date = try XCTUnwrap(SigningClock.parseTimestamp("2024-01-02T03:04:05Z"))
        let headers = SignerV3.sign(
            action: "DeleteBackend", version: "2016-07-14", host: "apigateway.cn-hangzhou.aliyuncs.com",
            query: [("BackendId", "27be0dd9ebbc467b9e86c0d250d0b92e")],
            credentials: Credentials(accessKeyId: "testAccessKeyId", accessKeySecret: "testAccessKeySecret"),
            date: date, nonce: "22222222222222222222222222222222")
        XCTAssertEqual(headers.last?.0, "Authorization")
        XCTAssertEqual(headers.last?.1, vector["output"]?["authorization"]?.stringValue)
    }

    func testV3ClientSignWithSecurityTokenSignsTokenHeaders() throws {
        let headers = SignerV3.sign(
            action: "CreateBackend", version: "2016-07-14", host: "127.0.0.1:9780", query: [("BackendName", "x")],
            credentials: Credentials(accessKeyId: "AK", accessKeySecret: "SK", securityToken: "tok/+="))
        let auth = try XCTUnwrap(SignerV3.parseAuthorization(headers.last!.1))
        XCTAssertEqual(auth.signedHeaders, [
            "host", "x-acs-accesskey-id", "x-acs-action", "x-acs-content-sha256", "x-acs-date",
            "x-acs-security-token", "x-acs-signature-nonce", "x-acs-version",
        ])
        XCTAssertTrue(headers.contains { $0 == ("x-acs-security-token", "tok/+=") })
        let request = SignerV3.canonicalRequest(
            method: "POST", query: [("BackendName", "x")], headers: Array(headers.dropLast()),
            signedHeaderNames: auth.signedHeaders)
        XCTAssertEqual(SignerV3.signature(stringToSign: SignerV3.stringToSign(canonicalRequest: request), secret: "SK"), auth.signature)
    }

    func testV1Vectors() throws {
        let vectors = try XCTUnwrap(Self.loadVectors()["vectors"]?.arrayValue).filter {
            $0["kind"]?.stringValue?.hasPrefix("V1") == true
        }
        XCTAssertEqual(vectors.count, 5)
        for vector in vectors {
            let name = vector["name"]?.stringValue ?? "?"
            let inputs = try XCTUnwrap(vector["inputs"])
            let params = pairs(inputs["params"])
            let method = inputs["method"]!.stringValue!
            XCTAssertEqual(
                SignerV1.canonicalizedQueryString(params),
                vector["intermediate"]?["canonicalized_query_string"]?.stringValue, name)
            let stringToSign = SignerV1.stringToSign(method: method, query: params)
            XCTAssertEqual(stringToSign, vector["intermediate"]?["string_to_sign"]?.stringValue, name)
            let signature = SignerV1.signature(stringToSign: stringToSign, secret: inputs["access_key_secret"]!.stringValue!)
            XCTAssertEqual(signature, vector["output"]?["signature"]?.stringValue, name)

            // The client-side `sign` with the same inputs gives the same signature.
            let common: Set = ["Action", "Format", "Version", "Timestamp", "SignatureNonce", "SignatureMethod",
                               "SignatureVersion", "AccessKeyId", "SecurityToken"]
            let operationParams = params.filter { !common.contains($0.0) }
            let signed = SignerV1.sign(
                action: params.first { $0.0 == "Action" }!.1, version: "2016-07-14", parameters: operationParams,
                credentials: Credentials(
                    accessKeyId: "testAccessKeyId", accessKeySecret: "testAccessKeySecret",
                    securityToken: params.first { $0.0 == "SecurityToken" }?.1),
                method: method, date: SigningClock.parseTimestamp("2024-01-02T03:04:05Z")!,
                nonce: params.first { $0.0 == "SignatureNonce" }!.1)
            XCTAssertEqual(signed.last?.0, "Signature")
            XCTAssertEqual(signed.last?.1, signature, name)
            // A server receiving the query (with Signature) recomputes the same string to sign.
            XCTAssertEqual(SignerV1.stringToSign(method: method, query: signed), stringToSign, name)
        }
    }

    /// The captured real SDK requests: parse the wire query and headers as a server would, verify.
    func testCapturedSDKRequestsVerify() throws {
        let captured = try XCTUnwrap(Self.loadVectors()["captured_requests"]?.objectValue)
        XCTAssertFalse(captured.isEmpty)
        for (name, capture) in captured {
            let wire = try XCTUnwrap(capture["wire"])
            let requestLine = try XCTUnwrap(wire["request_line"]?.stringValue).split(separator: " ")
            let target = requestLine[1]
            let rawQuery = target.split(separator: "?", maxSplits: 1).dropFirst().first ?? ""
            let query = PercentEncoding.decodeQuery(rawQuery)
            let headers = (wire["headers_in_order"]?.arrayValue ?? []).map { ($0[0]!.stringValue!, $0[1]!.stringValue!) }
            if let authHeader = headers.first(where: { $0.0 == "Authorization" })?.1 {
                let auth = try XCTUnwrap(SignerV3.parseAuthorization(authHeader), name)
                let request = SignerV3.canonicalRequest(
                    method: String(requestLine[0]), path: "/", query: query, headers: headers,
                    signedHeaderNames: auth.signedHeaders)
                let expected = SignerV3.signature(
                    stringToSign: SignerV3.stringToSign(canonicalRequest: request), secret: "testAccessKeySecret")
                XCTAssertEqual(expected, auth.signature, name)
            } else {
                let signature = try XCTUnwrap(query.first { $0.0 == "Signature" }?.1, name)
                let expected = SignerV1.signature(
                    stringToSign: SignerV1.stringToSign(method: String(requestLine[0]), query: query),
                    secret: "testAccessKeySecret")
                XCTAssertEqual(expected, signature, name)
            }
        }
    }

    func testParseAuthorizationRejectsMalformedHeaders() {
        XCTAssertNil(SignerV3.parseAuthorization("HMAC-SHA1 Credential=a,SignedHeaders=host,Signature=x"))
        XCTAssertNil(SignerV3.parseAuthorization("ACS3-HMAC-SHA256 Credential=a,Signature=x"))
        XCTAssertNil(SignerV3.parseAuthorization("ACS3-HMAC-SHA256 garbage"))
        XCTAssertEqual(
            SignerV3.parseAuthorization("ACS3-HMAC-SHA256 Credential=a, SignedHeaders=Host;x-acs-date, Signature=ff"),
            .init(accessKeyId: "a", signedHeaders: ["host", "x-acs-date"], signature: "ff"))
    }
}
