/// The two request signatures the service accepts.
///
/// ```swift
/// var config = ClientConfiguration(credentials: creds, region: "cn-hangzhou")
/// config.signatureVersion = .v1
/// ```
public enum SignatureVersion: String, Sendable, CaseIterable {
    /// ACS3-HMAC-SHA256 in the `Authorization` header (what the current SDKs send).
    case v3
    /// HMAC-SHA1 in the query string (SignatureVersion 1.0).
    case v1
}
