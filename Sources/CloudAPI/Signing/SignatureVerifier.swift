// ===----------------------------------------------------------------------===
// The server side of signing: given a request as received (decoded query, headers, body), decide
// whether it is signed correctly, the way the service does. The emulator and the tests' loopback
// server both use this, so a client and its verifier cannot drift apart.
// ===----------------------------------------------------------------------===

import Crypto
import Foundation

/// Verifies a received request's V3 or V1 signature.
///
/// ```swift
/// let result = SignatureVerifier.verify(
///     method: "POST", path: "/", query: PercentEncoding.decodeQuery(rawQuery), headers: headers,
///     secret: { accessKeyId in keys[accessKeyId] })
/// switch result {
/// case .success(let request): print(request.action ?? "?", request.parameters)
/// case .failure(let failure): respond(failure.httpStatus, failure.code, failure.message)
/// }
/// ```
///
/// What is checked: the signature itself; for V3 that `host` and every received `x-acs-*` header
/// are signed and that `x-acs-content-sha256` is the body's hash; for V1 the method and version
/// parameters. Clock skew and nonce reuse are the server's policy: `timestamp` and `nonce` are
/// returned for it to check.
public enum SignatureVerifier {
    /// A request whose signature matched.
    public struct Verified: Sendable {
        public let version: SignatureVersion
        public let accessKeyId: String
        public let securityToken: String?
        /// `x-acs-action` (V3) or `Action` (V1).
        public let action: String?
        /// `x-acs-version` (V3) or `Version` (V1).
        public let apiVersion: String?
        /// `x-acs-date` (V3) or `Timestamp` (V1), as sent; see `SigningClock.parseTimestamp`.
        public let timestamp: String?
        public let nonce: String?
        /// The operation's parameters: the query, without V1's signature parameters.
        public let parameters: [(String, String)]
    }

    /// Why a request was refused, with the service's code, message and HTTP status.
    public struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        /// `IncompleteSignature`, `InvalidAccessKeyId.NotFound` or `SignatureDoesNotMatch`.
        public let code: String
        public let message: String
        public let httpStatus: Int

        public var description: String { "\(code) (HTTP \(httpStatus)): \(message)" }
    }

    /// V1's own parameters, which are not operation parameters.
    public static let v1SignatureParameters: Set<String> = [
        "Action", "Format", "Version", "Timestamp", "SignatureNonce", "SignatureMethod", "SignatureVersion",
        "AccessKeyId", "SecurityToken", "Signature",
    ]

    /// - Parameters:
    ///   - query: the form-decoded query (`PercentEncoding.decodeQuery`), in any order.
    ///   - headers: every received header, names in any case.
    ///   - secret: the AccessKeySecret of an AccessKey id, nil when the id is unknown.
    public static func verify(
        method: String, path: String, query: [(String, String)], headers: [(String, String)], body: [UInt8] = [],
        secret: (String) -> String?
    ) -> Result<Verified, Failure> {
        if let authorization = headers.first(where: { $0.0.lowercased() == "authorization" })?.1 {
            return verifyV3(method: method, path: path, query: query, headers: headers, body: body,
                            authorization: authorization, secret: secret)
        }
        if query.contains(where: { $0.0 == "Signature" }) {
            return verifyV1(method: method, query: query, secret: secret)
        }
        return .failure(incomplete("the request is not signed (no Authorization header and no Signature parameter)"))
    }

    // MARK: - V3

    private static func verifyV3(
        method: String, path: String, query: [(String, String)], headers: [(String, String)], body: [UInt8],
        authorization: String, secret: (String) -> String?
    ) -> Result<Verified, Failure> {
        guard let auth = SignerV3.parseAuthorization(authorization) else {
            return .failure(incomplete("the Authorization header is not \(SignerV3.algorithm) Credential=…,SignedHeaders=…,Signature=…"))
        }
        func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name }?.1 }
        let mustSign = ["host"] + headers.map { $0.0.lowercased() }.filter { $0.hasPrefix("x-acs-") }
        if let unsigned = mustSign.first(where: { !auth.signedHeaders.contains($0) }) {
            return .failure(incomplete("header \(unsigned) must be listed in SignedHeaders"))
        }
        for required in ["x-acs-date", "x-acs-signature-nonce", "x-acs-content-sha256"] where header(required) == nil {
            return .failure(incomplete("header \(required) is missing"))
        }
        let payloadHash = SignerV3.hashedPayload(body)
        guard header("x-acs-content-sha256") == payloadHash else {
            return .failure(Failure(
                code: "SignatureDoesNotMatch", message: "x-acs-content-sha256 does not match the body's SHA-256", httpStatus: 400))
        }
        guard let key = secret(auth.accessKeyId) else { return .failure(unknownKey()) }
        let canonical = SignerV3.canonicalRequest(
            method: method, path: path, query: query, headers: headers, signedHeaderNames: auth.signedHeaders,
            hashedPayload: payloadHash)
        let stringToSign = SignerV3.stringToSign(canonicalRequest: canonical)
        guard constantTimeEqual(SignerV3.signature(stringToSign: stringToSign, secret: key), auth.signature) else {
            return .failure(mismatch(stringToSign))
        }
        return .success(Verified(
            version: .v3, accessKeyId: auth.accessKeyId, securityToken: header("x-acs-security-token"),
            action: header("x-acs-action"), apiVersion: header("x-acs-version"), timestamp: header("x-acs-date"),
            nonce: header("x-acs-signature-nonce"), parameters: query))
    }

    // MARK: - V1

    private static func verifyV1(
        method: String, query: [(String, String)], secret: (String) -> String?
    ) -> Result<Verified, Failure> {
        func value(_ name: String) -> String? { query.first { $0.0 == name }?.1 }
        guard let accessKeyId = value("AccessKeyId"), !accessKeyId.isEmpty else {
            return .failure(incomplete("parameter AccessKeyId is missing"))
        }
        guard value("SignatureMethod") == "HMAC-SHA1", value("SignatureVersion") == "1.0" else {
            return .failure(incomplete("SignatureMethod must be HMAC-SHA1 and SignatureVersion 1.0"))
        }
        guard let key = secret(accessKeyId) else { return .failure(unknownKey()) }
        let stringToSign = SignerV1.stringToSign(method: method, query: query)
        guard constantTimeEqual(SignerV1.signature(stringToSign: stringToSign, secret: key), value("Signature") ?? "") else {
            return .failure(mismatch(stringToSign))
        }
        return .success(Verified(
            version: .v1, accessKeyId: accessKeyId, securityToken: value("SecurityToken"), action: value("Action"),
            apiVersion: value("Version"), timestamp: value("Timestamp"), nonce: value("SignatureNonce"),
            parameters: query.filter { !v1SignatureParameters.contains($0.0) }))
    }

    // MARK: - Failures

    private static func incomplete(_ detail: String) -> Failure {
        Failure(code: "IncompleteSignature", message: "The request signature does not conform to Aliyun standards: \(detail).",
                httpStatus: 400)
    }

    private static func unknownKey() -> Failure {
        Failure(code: "InvalidAccessKeyId.NotFound", message: "Specified access key is not found.", httpStatus: 404)
    }

    /// The service echoes its string to sign, so a client author can see what differs.
    private static func mismatch(_ stringToSign: String) -> Failure {
        Failure(code: "SignatureDoesNotMatch",
                message: "Specified signature is not matched with our calculation. server string to sign is:\(stringToSign)",
                httpStatus: 400)
    }

    /// Compares without stopping at the first difference, so timing reveals nothing.
    private static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
