// ===----------------------------------------------------------------------===
// ACS3-HMAC-SHA256 (signature V3), as pure functions: a client signs with them and a server
// verifies a request it received with the very same functions. Byte-for-byte equal to the SDK
// (see Tests/CloudAPITests/Fixtures/signing-vectors.json).
// ===----------------------------------------------------------------------===

import Crypto
import Foundation

/// Signature V3 (`ACS3-HMAC-SHA256`): canonical request → string to sign → HMAC-SHA256.
///
/// Client side:
/// ```swift
/// let headers = SignerV3.sign(action: "DeleteBackend", version: "2016-07-14",
///                             host: "apigateway.cn-hangzhou.aliyuncs.com",
///                             query: [("BackendId", "27be…")], credentials: creds)
/// ```
/// Server side (verifying):
/// ```swift
/// let auth = SignerV3.parseAuthorization(header)!
/// let request = SignerV3.canonicalRequest(method: "POST", path: "/", query: decodedQuery,
///     headers: receivedHeaders, signedHeaderNames: auth.signedHeaders,
///     hashedPayload: SignerV3.emptyPayloadHash)
/// let ok = SignerV3.signature(stringToSign: SignerV3.stringToSign(canonicalRequest: request),
///                             secret: secretOf(auth.accessKeyId)) == auth.signature
/// ```
public enum SignerV3 {
    public static let algorithm = "ACS3-HMAC-SHA256"
    /// hex(sha256("")): the payload hash of every request of the 19 operations (empty body).
    public static let emptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    /// The `Authorization` header's three parts.
    public struct Authorization: Sendable, Equatable {
        public let accessKeyId: String
        /// Lower-cased header names, in the order the header lists them.
        public let signedHeaders: [String]
        /// Lower-case hex HMAC-SHA256.
        public let signature: String

        public init(accessKeyId: String, signedHeaders: [String], signature: String) {
            self.accessKeyId = accessKeyId
            self.signedHeaders = signedHeaders
            self.signature = signature
        }
    }

    // MARK: - Canonical request

    /// hex(sha256(body)), sent as `x-acs-content-sha256`.
    public static func hashedPayload(_ body: some DataProtocol) -> String {
        SHA256.hash(data: body).hexString
    }

    /// Pairs sorted by key in code-point order (`Apis.10.*` before `Apis.2.*`), each side
    /// percent-encoded (RFC 3986), joined `k=v&k=v`; an empty value gives `k=`.
    public static func canonicalQueryString(_ query: [(String, String)]) -> String {
        let encoded = query.map { (PercentEncoding.encode($0.0), PercentEncoding.encode($0.1)) }
        // Stable sort: repeated keys (not produced by these operations) keep their order.
        let sorted = encoded.enumerated().sorted { a, b in
            a.element.0 == b.element.0 ? a.offset < b.offset : a.element.0.utf8.lexicographicallyPrecedes(b.element.0.utf8)
        }
        return sorted.map { "\($0.element.0)=\($0.element.1)" }.joined(separator: "&")
    }

    /// `name:value\n` lines (names lower-cased, values trimmed, sorted by name; repeated names have
    /// their values sorted and joined by `,`) and the `;`-joined signed header names.
    ///
    /// With `signedHeaderNames` nil every header is signed (what the SDK does); otherwise only those
    /// names are used, and a listed header that is missing counts as empty (so verification fails).
    public static func canonicalHeaders(
        _ headers: [(String, String)], signedHeaderNames: [String]? = nil
    ) -> (canonicalHeaders: String, signedHeaders: String) {
        var values: [String: [String]] = [:]
        for (name, value) in headers {
            values[name.lowercased(), default: []].append(trimmed(value))
        }
        let names = Set(signedHeaderNames.map { $0.map { $0.lowercased() } } ?? Array(values.keys))
            .sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        let lines = names.map { name in
            let joined = (values[name] ?? []).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.joined(separator: ",")
            return "\(name):\(joined)\n"
        }
        return (lines.joined(), names.joined(separator: ";"))
    }

    /// The same for headers a signer builds itself: names already lower-case and distinct, values
    /// without surrounding space, so a sort is all it takes (no grouping, no trimming).
    static func canonicalHeaders(uniqueLowercased headers: [(String, String)]) -> (canonicalHeaders: String, signedHeaders: String) {
        let sorted = headers.sorted { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }
        var lines = ""
        var names = ""
        lines.reserveCapacity(512)
        for (index, (name, value)) in sorted.enumerated() {
            lines += name; lines += ":"; lines += value; lines += "\n"
            if index > 0 { names += ";" }
            names += name
        }
        return (lines, names)
    }

    /// Foundation's `.whitespacesAndNewlines` trim, skipped when the value begins and ends with a
    /// visible ASCII character (every header a client signs), since it costs an NSString round trip.
    static func trimmed(_ value: String) -> String {
        let visible = UInt8(ascii: "!")...UInt8(ascii: "~")
        if let first = value.utf8.first, let last = value.utf8.last, visible.contains(first), visible.contains(last) {
            return value
        }
        return value.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// `METHOD\nURI\nQUERY\nHEADERS\nSIGNED\nPAYLOADHASH` (the headers block ends with its own `\n`).
    public static func canonicalRequest(
        method: String, path: String = "/", query: [(String, String)], headers: [(String, String)],
        signedHeaderNames: [String]? = nil, hashedPayload: String = emptyPayloadHash
    ) -> String {
        canonicalRequest(
            method: method, path: path, query: query,
            canonicalized: canonicalHeaders(headers, signedHeaderNames: signedHeaderNames), hashedPayload: hashedPayload)
    }

    /// The same, from headers already canonicalised (a signer needs their signed names again).
    static func canonicalRequest(
        method: String, path: String, query: [(String, String)],
        canonicalized headers: (canonicalHeaders: String, signedHeaders: String), hashedPayload: String
    ) -> String {
        [method.uppercased(), path.isEmpty ? "/" : path, canonicalQueryString(query), headers.canonicalHeaders,
         headers.signedHeaders, hashedPayload]
            .joined(separator: "\n")
    }

    // MARK: - Signature

    /// `ACS3-HMAC-SHA256\n` + hex(sha256(canonical request)).
    public static func stringToSign(canonicalRequest: String) -> String {
        "\(algorithm)\n\(SHA256.hash(data: Array(canonicalRequest.utf8)).hexString)"
    }

    /// hex(hmac-sha256(key: secret, message: string to sign)).
    public static func signature(stringToSign: String, secret: String) -> String {
        let key = SymmetricKey(data: Array(secret.utf8))
        return HMAC<SHA256>.authenticationCode(for: Array(stringToSign.utf8), using: key).hexString
    }

    /// `ACS3-HMAC-SHA256 Credential=AK,SignedHeaders=a;b,Signature=hex` (no spaces after commas).
    public static func authorization(accessKeyId: String, signedHeaders: String, signature: String) -> String {
        "\(algorithm) Credential=\(accessKeyId),SignedHeaders=\(signedHeaders),Signature=\(signature)"
    }

    /// Splits an `Authorization` header; nil when it is not a well-formed V3 header. Spaces after
    /// the commas are tolerated.
    public static func parseAuthorization(_ header: String) -> Authorization? {
        let trimmed = header.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix(algorithm + " ") else { return nil }
        var parts: [String: String] = [:]
        for item in trimmed.dropFirst(algorithm.count + 1).split(separator: ",") {
            guard let equals = item.firstIndex(of: "=") else { return nil }
            let key = item[..<equals].trimmingCharacters(in: .whitespaces)
            parts[key] = String(item[item.index(after: equals)...]).trimmingCharacters(in: .whitespaces)
        }
        guard let id = parts["Credential"], !id.isEmpty, let signed = parts["SignedHeaders"], !signed.isEmpty,
            let signature = parts["Signature"], !signature.isEmpty
        else { return nil }
        return Authorization(
            accessKeyId: id, signedHeaders: signed.split(separator: ";").map { $0.lowercased() }, signature: signature)
    }

    // MARK: - Client side

    /// Builds the signed header set for a request: `host` and the `x-acs-*` headers (plus
    /// `x-acs-accesskey-id` and `x-acs-security-token` for STS credentials), all of them signed,
    /// and `Authorization` last. `host` must be what the HTTP client sends (with a non-default port).
    public static func sign(
        action: String, version: String, host: String, query: [(String, String)], credentials: Credentials,
        method: String = "POST", path: String = "/", body: [UInt8] = [],
        date: Date = Date(), nonce: String = SigningClock.nonce()
    ) -> [(String, String)] {
        let payloadHash = body.isEmpty ? emptyPayloadHash : hashedPayload(body)
        var headers: [(String, String)] = [
            ("host", host),
            ("x-acs-action", action),
            ("x-acs-version", version),
            ("x-acs-date", SigningClock.timestamp(date)),
            ("x-acs-signature-nonce", nonce),
            ("x-acs-content-sha256", payloadHash),
        ]
        if let token = credentials.securityToken {
            headers.append(("x-acs-accesskey-id", credentials.accessKeyId))
            headers.append(("x-acs-security-token", token))
        }
        let canonical = canonicalHeaders(uniqueLowercased: headers)
        let request = canonicalRequest(method: method, path: path, query: query, canonicalized: canonical, hashedPayload: payloadHash)
        let signature = signature(stringToSign: stringToSign(canonicalRequest: request), secret: credentials.accessKeySecret)
        headers.append(("Authorization", authorization(
            accessKeyId: credentials.accessKeyId, signedHeaders: canonical.signedHeaders, signature: signature)))
        return headers
    }
}
