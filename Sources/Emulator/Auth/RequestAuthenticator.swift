// ===----------------------------------------------------------------------===
// Signature checks, as the service makes them: V3 (ACS3-HMAC-SHA256, Authorization header) or V1
// (HMAC-SHA1, Signature in the query), verified with CloudAPI's signer functions — the same code
// that signs on the client side.
// ===----------------------------------------------------------------------===

import CloudAPI
import Foundation

/// Who sent a verified request and what they asked for.
struct AuthenticatedRequest: Sendable {
    let accessKeyId: String
    let action: String
    /// Every query parameter (operation parameters plus any common ones).
    let parameters: [String: String]
}

struct RequestAuthenticator: Sendable {
    let configuration: EmulatorConfiguration
    let nonces: NonceLedger

    init(configuration: EmulatorConfiguration) {
        self.configuration = configuration
        // A nonce must be remembered as long as a request carrying it could pass the time check.
        self.nonces = NonceLedger(lifetime: 2 * configuration.allowedClockSkew)
    }

    /// Checks in the service's order: well-formed signature, known key, timestamp, signature, nonce.
    func authenticate(_ request: IncomingRequest, now: Date = Date()) throws -> AuthenticatedRequest {
        if let header = request.header("authorization") {
            return try verifyV3(request, header: header, now: now)
        }
        if request.query.contains(where: { $0.0 == "Signature" }) {
            return try verifyV1(request, now: now)
        }
        throw Self.incomplete("no Authorization header and no Signature parameter")
    }

    // MARK: - V3

    private func verifyV3(_ request: IncomingRequest, header: String, now: Date) throws -> AuthenticatedRequest {
        guard let authorization = SignerV3.parseAuthorization(header) else {
            throw Self.incomplete("the Authorization header is not \(SignerV3.algorithm) Credential=…,SignedHeaders=…,Signature=…")
        }
        let secret = try secret(for: authorization.accessKeyId)
        try checkTimestamp(request.header("x-acs-date"), name: "x-acs-date", now: now)
        // An STS token counts only when it is covered by the signature.
        if let token = request.header("x-acs-security-token"), !token.isEmpty,
           !authorization.signedHeaders.contains("x-acs-security-token") {
            throw Self.incomplete("x-acs-security-token is sent but not listed in SignedHeaders")
        }
        let actualHash = SignerV3.hashedPayload(request.body)
        if let claimed = request.header("x-acs-content-sha256"), claimed.lowercased() != actualHash {
            throw ServiceError(code: "SignatureDoesNotMatch",
                               message: "x-acs-content-sha256 does not match the SHA-256 of the request body.")
        }
        let canonical = SignerV3.canonicalRequest(
            method: request.method, path: request.path, query: request.query, headers: request.headers,
            signedHeaderNames: authorization.signedHeaders, hashedPayload: request.header("x-acs-content-sha256") ?? actualHash)
        let stringToSign = SignerV3.stringToSign(canonicalRequest: canonical)
        guard Self.same(SignerV3.signature(stringToSign: stringToSign, secret: secret), authorization.signature.lowercased()) else {
            throw Self.mismatch(stringToSign)
        }
        try useNonce(request.header("x-acs-signature-nonce"), name: "x-acs-signature-nonce", key: authorization.accessKeyId, now: now)
        try checkVersion(request.header("x-acs-version"))
        guard let action = request.header("x-acs-action"), !action.isEmpty else {
            throw ServiceError.missingParameter("x-acs-action")
        }
        return AuthenticatedRequest(accessKeyId: authorization.accessKeyId, action: action, parameters: request.parameters)
    }

    // MARK: - V1

    private func verifyV1(_ request: IncomingRequest, now: Date) throws -> AuthenticatedRequest {
        let parameters = request.parameters
        guard let accessKeyId = parameters["AccessKeyId"], !accessKeyId.isEmpty else {
            throw ServiceError.missingParameter("AccessKeyId")
        }
        let secret = try secret(for: accessKeyId)
        if let method = parameters["SignatureMethod"], method != "HMAC-SHA1" {
            throw Self.incomplete("SignatureMethod \(method) is not supported (expected HMAC-SHA1)")
        }
        try checkTimestamp(parameters["Timestamp"], name: "Timestamp", now: now)
        let stringToSign = SignerV1.stringToSign(method: request.method, query: request.query)
        guard Self.same(SignerV1.signature(stringToSign: stringToSign, secret: secret), parameters["Signature"] ?? "") else {
            throw Self.mismatch(stringToSign)
        }
        try useNonce(parameters["SignatureNonce"], name: "SignatureNonce", key: accessKeyId, now: now)
        try checkVersion(parameters["Version"])
        guard let action = parameters["Action"], !action.isEmpty else { throw ServiceError.missingParameter("Action") }
        return AuthenticatedRequest(accessKeyId: accessKeyId, action: action, parameters: parameters)
    }

    // MARK: - Shared checks

    private func secret(for accessKeyId: String) throws -> String {
        guard let secret = configuration.secret(for: accessKeyId) else {
            throw ServiceError(code: "InvalidAccessKeyId.NotFound", message: "Specified access key is not found.", httpStatus: 404)
        }
        return secret
    }

    private func checkTimestamp(_ text: String?, name: String, now: Date) throws {
        guard let text, !text.isEmpty else { throw ServiceError.missingParameter(name) }
        guard let date = SigningClock.parseTimestamp(text) else {
            throw ServiceError(code: "InvalidTimeStamp.Format",
                               message: "Specified time stamp or date value is not well formatted. (\(name)=\(text))")
        }
        guard abs(date.timeIntervalSince(now)) <= configuration.allowedClockSkew else {
            throw ServiceError(code: "InvalidTimeStamp.Expired",
                               message: "Specified time stamp or date value is expired. (\(name)=\(text), server time \(SigningClock.timestamp(now)))")
        }
    }

    private func useNonce(_ nonce: String?, name: String, key: String, now: Date) throws {
        guard let nonce, !nonce.isEmpty else { throw ServiceError.missingParameter(name) }
        guard nonces.use(nonce, accessKeyId: key, now: now) else {
            throw ServiceError(code: "SignatureNonceUsed", message: "Specified signature nonce was used already. (\(name)=\(nonce))")
        }
    }

    private func checkVersion(_ version: String?) throws {
        guard let version, !version.isEmpty else { throw ServiceError.missingParameter("Version") }
        guard version == Catalog.apiVersion else {
            throw ServiceError(code: "InvalidVersion",
                               message: "Specified parameter Version is not valid. (\(version); this API is \(Catalog.apiVersion))")
        }
    }

    private static func incomplete(_ detail: String) -> ServiceError {
        ServiceError(code: "IncompleteSignature", message: "The request signature does not conform to Aliyun standards. (\(detail))")
    }

    private static func mismatch(_ stringToSign: String) -> ServiceError {
        // The service echoes its string to sign; it holds no secret and helps find encoding bugs.
        ServiceError(code: "SignatureDoesNotMatch",
                     message: "Specified signature is not matched with our calculation. server string to sign is:\(stringToSign)")
    }

    /// Compares without stopping at the first difference.
    private static func same(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
