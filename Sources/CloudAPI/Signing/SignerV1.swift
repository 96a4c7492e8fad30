// ===----------------------------------------------------------------------===
// HMAC-SHA1 RPC signature (SignatureVersion 1.0), as pure functions for clients and servers.
// Byte-for-byte equal to the SDK's `signature_algorithm='v2'` path (see the V1 vectors).
// ===----------------------------------------------------------------------===

import Crypto
import Foundation

/// Signature V1: every parameter in the query, `Signature` = base64(hmac-sha1(secret + "&", …)).
///
/// ```swift
/// let query = SignerV1.sign(action: "CreateBackend", version: "2016-07-14",
///                           parameters: [("BackendName", "orders")], credentials: creds)
/// // server side, with the decoded query it received:
/// let expected = SignerV1.signature(stringToSign: SignerV1.stringToSign(method: "POST", query: received),
///                                   secret: secret)
/// ```
public enum SignerV1 {
    /// All pairs except `Signature`, sorted by key, each side percent-encoded, joined by `&`.
    public static func canonicalizedQueryString(_ query: [(String, String)]) -> String {
        SignerV3.canonicalQueryString(query.filter { $0.0 != "Signature" })
    }

    /// `METHOD&%2F&` + percent-encode(canonicalized query string). A `Signature` pair in `query`
    /// (as a server receives it) is left out.
    public static func stringToSign(method: String, query: [(String, String)]) -> String {
        "\(method.uppercased())&%2F&\(PercentEncoding.encode(canonicalizedQueryString(query)))"
    }

    /// base64(hmac-sha1(key: secret + "&", message: string to sign)).
    public static func signature(stringToSign: String, secret: String) -> String {
        let key = SymmetricKey(data: Array((secret + "&").utf8))
        let code = HMAC<Insecure.SHA1>.authenticationCode(for: Array(stringToSign.utf8), using: key)
        return Data(code).base64EncodedString()
    }

    /// The full query of a signed request, in the SDK's order: Action, Format, Version, Timestamp,
    /// SignatureNonce, the operation's parameters, [SecurityToken], SignatureMethod,
    /// SignatureVersion, AccessKeyId, Signature.
    public static func sign(
        action: String, version: String, parameters: [(String, String)], credentials: Credentials,
        method: String = "POST", date: Date = Date(), nonce: String = SigningClock.nonce()
    ) -> [(String, String)] {
        var query: [(String, String)] = [
            ("Action", action), ("Format", "json"), ("Version", version),
            ("Timestamp", SigningClock.timestamp(date)), ("SignatureNonce", nonce),
        ]
        query += parameters
        if let token = credentials.securityToken { query.append(("SecurityToken", token)) }
        query += [("SignatureMethod", "HMAC-SHA1"), ("SignatureVersion", "1.0"), ("AccessKeyId", credentials.accessKeyId)]
        let signature = signature(stringToSign: stringToSign(method: method, query: query), secret: credentials.accessKeySecret)
        query.append(("Signature", signature))
        return query
    }
}
