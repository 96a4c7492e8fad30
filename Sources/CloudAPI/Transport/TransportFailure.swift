// ===----------------------------------------------------------------------===
// A failed transfer (libcurl's code and message) → one clear CloudAPIError that names the
// endpoint, and the proxy when there is one: a timeout, a TLS failure, a proxy failure, or a
// connection that could not be made.
// ===----------------------------------------------------------------------===

import CCurl

enum TransportFailure {
    /// Certificate and handshake failures: not transient (retrying cannot fix a certificate).
    static let tlsCodes: Set<UInt32> = [
        CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
        CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_INVALIDCERTSTATUS,
        CURLE_SSL_CRL_BADFILE, CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_ENGINE_SETFAILED, CURLE_SSL_ENGINE_INITFAILED,
        CURLE_USE_SSL_FAILED,
    ].reduce(into: []) { $0.insert($1.rawValue) }

    /// Failures that are the proxy's whatever the endpoint.
    static let proxyCodes: Set<UInt32> = [CURLE_COULDNT_RESOLVE_PROXY.rawValue, CURLE_PROXY.rawValue]

    static func error(_ code: CURLcode, detail: String, sent: Bool, action: String, endpoint: String, proxy: ProxyURL?,
                      secrets: SecretMask) -> CloudAPIError {
        let via = proxy.map { " through proxy \($0)" } ?? ""
        let kind: String
        let message: String
        var retryable = true
        switch code.rawValue {
        case CURLE_OPERATION_TIMEDOUT.rawValue:
            kind = "Moongate.Timeout"
            message = "no response in time from \(endpoint)\(via) (\(detail))"
        case let raw where tlsCodes.contains(raw):
            kind = "Moongate.TLSFailed"
            message = "TLS with \(endpoint)\(via) failed (\(detail)); for a private CA pass --ca-bundle FILE or set SSL_CERT_FILE"
            retryable = false
        case let raw where proxyCodes.contains(raw):
            kind = "Moongate.ProxyFailed"
            message = "cannot reach \(endpoint)\(via) (\(detail))"
        default:
            kind = proxy == nil ? "Moongate.ConnectionFailed" : "Moongate.ProxyFailed"
            message = "cannot reach \(endpoint)\(via) (\(detail))"
        }
        return CloudAPIError(code: kind, message: secrets.scrub(message), action: action, retryable: retryable, requestSent: sent)
    }
}
