// ===----------------------------------------------------------------------===
// The server side of signing: given a request as received (decoded query, headers, body), decide
// whether it is signed correctly, the way the service does. The emulator and the tests' loopback
// server both use this, so a client and its verifiers cannot drift apart.
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
/// are signed and that `x-acs-content-sha256`, when sent, is the body's hash; for V1 the access key
/// and, when sent, the signature method and version. Clock skew, nonce reuse, the API version and
/// the action are the server's policy: they are returned for it to check. A server that checks
/// the timestamp before the signature (as the service does) uses `read` then `Unchecked.check`.
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

    /// A well-formed signed request whose signature is not checked yet: the server may look up the
    /// key and check the timestamp first, then call `check(secret:)`.
    public struct Unchecked: Sendable {
        public var version: SignatureVersion { claims.version }
        public var accessKeyId: String { claims.accessKeyId }
        /// `x-acs-date` (V3) or `Timestamp` (V1), as sent.
        public var timestamp: String? { claims.timestamp }
        /// What the signature must be the HMAC of; the service echoes it when they differ.
        public let stringToSign: String

        let claims: Verified
        let signature: String
        /// False when `x-acs-content-sha256` was sent and is not the body's hash.
        let payloadMatches: Bool

        /// Compares the request's signature with the one `secret` gives.
        public func check(secret: String) -> Result<Verified, Failure> {
            guard payloadMatches else {
                return .failure(Failure(code: "SignatureDoesNotMatch",
                                        message: "x-acs-content-sha256 does not match the SHA-256 of the request body."))
            }
            let expected = version == .v3
                ? SignerV3.signature(stringToSign: stringToSign, secret: secret)
                : SignerV1.signature(stringToSign: stringToSign, secret: secret)
            guard SignatureVerifier.constantTimeEqual(expected, signature) else {
                return .failure(.mismatch(stringToSign, token: claims.securityToken))
            }
            return .success(claims)
        }
    }

    /// Why a request was refused, with the service's code, message and HTTP status.
    public struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        /// `IncompleteSignature`, `MissingParameter`, `InvalidAccessKeyId.NotFound` or `SignatureDoesNotMatch`.
        public let code: String
        public let message: String
        public let httpStatus: Int

        public init(code: String, message: String, httpStatus: Int = 400) {
            self.code = code
            self.message = message
            self.httpStatus = httpStatus
        }

        public var description: String { "\(code) (HTTP \(httpStatus)): \(message)" }

        /// The AccessKey id is not one the server knows.
        public static let unknownAccessKey = Failure(
            code: "InvalidAccessKeyId.NotFound", message: "Specified access key is not found.", httpStatus: 404)

        static func incomplete(_ detail: String) -> Failure {
            Failure(code: "IncompleteSignature", message: "The request signature does not conform to Aliyun standards. (\(detail))")
        }

        static func missingParameter(_ name: String) -> Failure {
            Failure(code: "MissingParameter",
                    message: "The input parameter \"\(name)\" that is mandatory for processing this request is not supplied.")
        }

        /// The service echoes its string to sign, so a client author can see what differs — with the
        /// security token (a bearer secret a V1 string to sign and a V3 header hold) shown as `***`.
        static func mismatch(_ stringToSign: String, token: String?) -> Failure {
            var shown = stringToSign
            if let token, !token.isEmpty {
                let once = PercentEncoding.encode(token)
                for form in [PercentEncoding.encode(once), once, token] { shown = shown.replacingOccurrences(of: form, with: "***") }
            }
            return Failure(code: "SignatureDoesNotMatch",
                           message: "Specified signature is not matched with our calculation. server string to sign is:\(shown)")
        }
    }

    /// V1's own parameters, which are not operation parameters.
    public static let v1SignatureParameters: Set<String> = [
        "Action", "Format", "Version", "Timestamp", "SignatureNonce", "SignatureMethod", "SignatureVersion",
        "AccessKeyId", "SecurityToken", "Signature",
    ]

    /// Reads and checks the signature in one step.
    ///
    /// - Parameters:
    ///   - query: the form-decoded query (`PercentEncoding.decodeQuery`), in any order.
    ///   - headers: every received header, names in any case.
    ///   - secret: the AccessKeySecret of an AccessKey id, nil when the id is unknown.
    public static func verify(
        method: String, path: String, query: [(String, String)], headers: [(String, String)], body: [UInt8] = [],
        secret: (String) -> String?
    ) -> Result<Verified, Failure> {
        read(method: method, path: path, query: query, headers: headers, body: body).flatMap { unchecked in
            guard let key = secret(unchecked.accessKeyId) else { return .failure(.unknownAccessKey) }
            return unchecked.check(secret: key)
        }
    }

    /// Reads a request's signature without checking it: refuses only what is malformed.
    ///
    /// ```swift
    /// let unchecked = try SignatureVerifier.read(method: "POST", path: "/", query: query, headers: headers).get()
    /// guard let secret = keys[unchecked.accessKeyId] else { throw SignatureVerifier.Failure.unknownAccessKey }
    /// let verified = try unchecked.check(secret: secret).get()
    /// ```
    public static func read(
        method: String, path: String, query: [(String, String)], headers: [(String, String)], body: [UInt8] = []
    ) -> Result<Unchecked, Failure> {
        if let authorization = headers.first(where: { $0.0.lowercased() == "authorization" })?.1 {
            return readV3(method: method, path: path, query: query, headers: headers, body: body, authorization: authorization)
        }
        if query.contains(where: { $0.0 == "Signature" }) {
            return readV1(method: method, query: query)
        }
        return .failure(.incomplete("no Authorization header and no Signature parameter"))
    }

    // MARK: - V3

    private static func readV3(
        method: String, path: String, query: [(String, String)], headers: [(String, String)], body: [UInt8],
        authorization: String
    ) -> Result<Unchecked, Failure> {
        guard let auth = SignerV3.parseAuthorization(authorization) else {
            return .failure(.incomplete("the Authorization header is not \(SignerV3.algorithm) Credential=…,SignedHeaders=…,Signature=…"))
        }
        func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name }?.1 }
        // Anything the server acts on (an STS token above all) counts only when the signature covers it.
        let mustSign = ["host"] + headers.map { $0.0.lowercased() }.filter { $0.hasPrefix("x-acs-") }
        if let unsigned = mustSign.first(where: { !auth.signedHeaders.contains($0) }) {
            return .failure(.incomplete("\(unsigned) is sent but not listed in SignedHeaders"))
        }
        let actualHash = SignerV3.hashedPayload(body)
        let claimedHash = header("x-acs-content-sha256")
        let canonical = SignerV3.canonicalRequest(
            method: method, path: path, query: query, headers: headers, signedHeaderNames: auth.signedHeaders,
            hashedPayload: claimedHash ?? actualHash)
        let claims = Verified(
            version: .v3, accessKeyId: auth.accessKeyId, securityToken: header("x-acs-security-token"),
            action: header("x-acs-action"), apiVersion: header("x-acs-version"), timestamp: header("x-acs-date"),
            nonce: header("x-acs-signature-nonce"), parameters: query)
        return .success(Unchecked(
            stringToSign: SignerV3.stringToSign(canonicalRequest: canonical), claims: claims,
            signature: auth.signature.lowercased(), payloadMatches: claimedHash.map { $0.lowercased() == actualHash } ?? true))
    }

    // MARK: - V1

    private static func readV1(method: String, query: [(String, String)]) -> Result<Unchecked, Failure> {
        // A repeated parameter keeps its last value, as the service reads it.
        func value(_ name: String) -> String? { query.last { $0.0 == name }?.1 }
        guard let accessKeyId = value("AccessKeyId"), !accessKeyId.isEmpty else {
            return .failure(.missingParameter("AccessKeyId"))
        }
        if let signatureMethod = value("SignatureMethod"), signatureMethod != "HMAC-SHA1" {
            return .failure(.incomplete("SignatureMethod \(signatureMethod) is not supported (expected HMAC-SHA1)"))
        }
        if let signatureVersion = value("SignatureVersion"), signatureVersion != "1.0" {
            return .failure(.incomplete("SignatureVersion \(signatureVersion) is not supported (expected 1.0)"))
        }
        let claims = Verified(
            version: .v1, accessKeyId: accessKeyId, securityToken: value("SecurityToken"), action: value("Action"),
            apiVersion: value("Version"), timestamp: value("Timestamp"), nonce: value("SignatureNonce"),
            parameters: query.filter { !v1SignatureParameters.contains($0.0) })
        return .success(Unchecked(
            stringToSign: SignerV1.stringToSign(method: method, query: query), claims: claims,
            signature: value("Signature") ?? "", payloadMatches: true))
    }

    // MARK: - Comparing

    /// Compares without stopping at the first difference, so timing reveals nothing.
    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
