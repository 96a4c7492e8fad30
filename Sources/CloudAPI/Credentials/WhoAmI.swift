// ===----------------------------------------------------------------------===
// WhoAmI: which credentials a configuration signs with, and who STS says they are — for
// `moongate whoami` and `apigateway.whoami()`. The AccessKey ID is masked; no secret or token is
// ever part of it.
// ===----------------------------------------------------------------------===

import Foundation

/// The answer to "who would this client call as?".
///
/// ```swift
/// let me = try WhoAmI.ask(configuration)
/// print(me.lines.joined(separator: "\n"))   // source: profile "ci" (RamRoleArn) …
/// ```
public struct WhoAmI: Sendable {
    /// The source that won, e.g. `~/.aliyun/config.json profile "ci" (RamRoleArn)`.
    public let source: String
    /// The first 4 characters of the AccessKey ID and `***`.
    public let maskedAccessKeyId: String
    /// When temporary credentials expire (nil for a long-lived key).
    public let expiration: Date?
    public let region: String
    public let endpoint: String
    public let stsEndpoint: String
    /// GetCallerIdentity's answer: AccountId, Arn, IdentityType, PrincipalId, and RoleId or UserId.
    public let identity: [String: String]

    /// Fetches the credentials (if not done yet) and asks STS GetCallerIdentity with them.
    public static func ask(_ configuration: ClientConfiguration) throws -> WhoAmI {
        let source = configuration.credentialsSource
        let issued = try source.issued()
        let sts = try StsClient(endpoint: configuration.stsEndpoint, proxy: configuration.proxy, caBundle: configuration.caBundle)
        let answer = try sts.callerIdentity(issued.credentials, source: source.name)
        var identity: [String: String] = [:]
        for field in ["AccountId", "Arn", "IdentityType", "PrincipalId", "RoleId", "UserId"] {
            if let value = answer[field]?.stringValue, !value.isEmpty { identity[field] = value }
        }
        return WhoAmI(source: source.name, maskedAccessKeyId: mask(issued.credentials.accessKeyId),
                      expiration: issued.expiration, region: configuration.region,
                      endpoint: configuration.endpoint.absoluteString, stsEndpoint: sts.base, identity: identity)
    }

    static func mask(_ accessKeyId: String) -> String { String(accessKeyId.prefix(4)) + "***" }

    /// `name: value` pairs in a fixed order, as the CLI prints them and Lua receives them.
    public var fields: [(String, String)] {
        var fields = [("source", source), ("access_key_id", maskedAccessKeyId)]
        fields.append(("expiration", expiration.map(SigningClock.timestamp) ?? "never (long-lived key)"))
        fields += [("region", region), ("endpoint", endpoint), ("sts_endpoint", stsEndpoint)]
        let names = [("account_id", "AccountId"), ("arn", "Arn"), ("identity_type", "IdentityType"),
                     ("principal_id", "PrincipalId")]
        for (name, field) in names { if let value = identity[field] { fields.append((name, value)) } }
        return fields
    }
}
