// ===----------------------------------------------------------------------===
// Request checks, as the service makes them. The signature itself (V3 or V1) is CloudAPI's
// SignatureVerifier — the same code the client's tests verify against; what stays here is the
// emulator's own policy: which keys exist, clock skew, nonce reuse, the API version, the action.
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
    let issued: IssuedCredentialsLedger

    init(configuration: EmulatorConfiguration, issued: IssuedCredentialsLedger = IssuedCredentialsLedger()) {
        self.configuration = configuration
        self.issued = issued
        // A nonce must be remembered as long as a request carrying it could pass the time check.
        self.nonces = NonceLedger(lifetime: 2 * configuration.allowedClockSkew)
    }

    /// Checks in the service's order: well-formed signature, known key, timestamp, signature, nonce,
    /// security token (for STS-issued keys), version, action. `version` is the API's (CloudAPI, or STS).
    func authenticate(_ request: IncomingRequest, version: String = Catalog.apiVersion,
                      now: Date = Date()) throws -> AuthenticatedRequest {
        let unchecked = try SignatureVerifier.read(
            method: request.method, path: request.path, query: request.query, headers: request.headers, body: request.body
        ).mapError(ServiceError.init).get()
        let names = unchecked.version == .v3 ? Self.v3Names : Self.v1Names
        let session = issued.session(for: unchecked.accessKeyId)
        guard let secret = configuration.secret(for: unchecked.accessKeyId) ?? session?.accessKeySecret else {
            throw ServiceError(SignatureVerifier.Failure.unknownAccessKey)
        }
        try checkTimestamp(unchecked.timestamp, name: names.timestamp, now: now)
        let verified = try unchecked.check(secret: secret).mapError(ServiceError.init).get()
        try useNonce(verified.nonce, name: names.nonce, key: verified.accessKeyId, now: now)
        if let session { try checkToken(verified.securityToken, of: session, now: now) }
        try checkVersion(verified.apiVersion, expected: version)
        guard let action = verified.action, !action.isEmpty else { throw ServiceError.missingParameter(names.action) }
        return AuthenticatedRequest(accessKeyId: verified.accessKeyId, action: action, parameters: request.parameters)
    }

    // MARK: - Policy checks

    /// Where each signature version carries the values checked here (named in errors).
    private typealias Names = (timestamp: String, nonce: String, action: String)
    private static let v3Names: Names = ("x-acs-date", "x-acs-signature-nonce", "x-acs-action")
    private static let v1Names: Names = ("Timestamp", "SignatureNonce", "Action")

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

    private func checkVersion(_ version: String?, expected: String) throws {
        guard let version, !version.isEmpty else { throw ServiceError.missingParameter("Version") }
        guard version == expected else {
            throw ServiceError(code: "InvalidVersion",
                               message: "Specified parameter Version is not valid. (\(version); this API is \(expected))")
        }
    }

    /// An STS-issued key holds only with its own token, and only until it expires.
    private func checkToken(_ token: String?, of session: IssuedSession, now: Date) throws {
        guard let token, !token.isEmpty else { throw ServiceError.missingParameter("SecurityToken") }
        guard token == session.securityToken else {
            throw ServiceError(code: "InvalidSecurityToken.Mismatch",
                               message: "Specified SecurityToken does not match the AccessKeyId.", httpStatus: 400)
        }
        guard now < session.expiration else {
            throw ServiceError(code: "InvalidSecurityToken.Expired",
                               message: "Specified SecurityToken is expired. (expired at \(SigningClock.timestamp(session.expiration)))",
                               httpStatus: 400)
        }
    }
}

extension ServiceError {
    /// The verifier's refusal, answered as is.
    init(_ failure: SignatureVerifier.Failure) {
        self.init(code: failure.code, message: failure.message, httpStatus: failure.httpStatus)
    }
}
