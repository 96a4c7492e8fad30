// ===----------------------------------------------------------------------===
// StsClient: the three STS calls credential providers and `whoami` make (AssumeRole,
// AssumeRoleWithOIDC, GetCallerIdentity; version 2015-04-01), sent as the official provider sends
// them: GET, every parameter in the query, RPC (V1) signature; AssumeRoleWithOIDC unsigned.
// ===----------------------------------------------------------------------===

import Foundation

/// An STS endpoint with the network settings to reach it.
///
/// ```swift
/// let sts = try StsClient(endpoint: "https://sts.cn-hangzhou.aliyuncs.com")
/// let issued = try sts.assumeRole(roleArn: arn, sessionName: "moongate", signedBy: creds, source: "profile ci")
/// ```
public struct StsClient: Sendable {
    public static let version = "2015-04-01"
    let endpoint: Endpoint
    var fetch: BlockingFetch

    /// `endpoint`: a URL, or a bare host (`sts.cn-hangzhou.aliyuncs.com`, taken as https).
    public init(endpoint: String, proxy: ProxyURL? = nil, caBundle: String? = nil) throws {
        let text = endpoint.contains("://") ? endpoint : "https://\(endpoint)"
        guard let url = URL(string: text.hasSuffix("/") ? String(text.dropLast()) : text) else {
            throw ConfigurationError("STS endpoint \(endpoint) is not a URL")
        }
        self.endpoint = try Endpoint(url)
        self.fetch = BlockingFetch(proxy: proxy, caBundle: caBundle)
    }

    /// `https://sts.aliyuncs.com` or the like: where the calls go.
    public var base: String { endpoint.base }

    /// The STS endpoint the official tools pick: the profile's `sts_endpoint`, else
    /// `ALIBABA_CLOUD_STS_ENDPOINT`, else `sts[-vpc].<region>.aliyuncs.com` for the profile's `sts_region`
    /// or `ALIBABA_CLOUD_STS_REGION` (`-vpc` with `ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED=true`), else
    /// `sts.aliyuncs.com`.
    public static func endpoint(profileEndpoint: String? = nil, profileRegion: String? = nil,
                                environment: [String: String]) -> String {
        func nonEmpty(_ text: String?) -> String? { text.flatMap { $0.isEmpty ? nil : $0 } }
        if let explicit = nonEmpty(profileEndpoint) ?? nonEmpty(environment["ALIBABA_CLOUD_STS_ENDPOINT"]) { return explicit }
        if let region = nonEmpty(profileRegion) ?? nonEmpty(environment["ALIBABA_CLOUD_STS_REGION"]) {
            let vpc = environment["ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED"]?.lowercased() == "true"
            return "sts\(vpc ? "-vpc" : "").\(region).aliyuncs.com"
        }
        return "sts.aliyuncs.com"
    }

    // MARK: - Calls

    /// AssumeRole, signed by `credentials`.
    public func assumeRole(roleArn: String, sessionName: String, durationSeconds: Int = 3600, externalId: String? = nil,
                           policy: String? = nil, signedBy credentials: Credentials, source: String) throws -> IssuedCredentials {
        var parameters = [("DurationSeconds", String(durationSeconds)), ("RoleArn", roleArn), ("RoleSessionName", sessionName)]
        if let externalId, !externalId.isEmpty { parameters.append(("ExternalId", externalId)) }
        if let policy, !policy.isEmpty { parameters.append(("Policy", policy)) }
        let reply = try call("AssumeRole", parameters, signedBy: credentials, source: source)
        return try Self.issued(reply["Credentials"], source: source, what: "AssumeRole")
    }

    /// AssumeRoleWithOIDC: unsigned, the OIDC token is the proof.
    public func assumeRoleWithOIDC(roleArn: String, providerArn: String, token: String, sessionName: String,
                                   durationSeconds: Int = 3600, policy: String? = nil, source: String) throws -> IssuedCredentials {
        var parameters = [("DurationSeconds", String(durationSeconds)), ("OIDCProviderArn", providerArn),
                          ("OIDCToken", token), ("RoleArn", roleArn), ("RoleSessionName", sessionName)]
        if let policy, !policy.isEmpty { parameters.append(("Policy", policy)) }
        let reply = try call("AssumeRoleWithOIDC", parameters, signedBy: nil, source: source)
        return try Self.issued(reply["Credentials"], source: source, what: "AssumeRoleWithOIDC")
    }

    /// Who the credentials are: `AccountId`, `Arn`, `IdentityType`, `PrincipalId`, `UserId`.
    public func callerIdentity(_ credentials: Credentials, source: String) throws -> Value {
        try call("GetCallerIdentity", [], signedBy: credentials, source: source)
    }

    /// Sends one STS action and returns its JSON object; a refusal is a `CredentialsError` with the
    /// service's code and message (which never hold a secret; the redaction is for the token anyway).
    func call(_ action: String, _ parameters: [(String, String)], signedBy credentials: Credentials?,
              source: String) throws -> Value {
        let query: [(String, String)]
        if let credentials {
            query = SignerV1.sign(action: action, version: Self.version, parameters: parameters, credentials: credentials,
                                  method: "GET")
        } else {
            query = [("Action", action), ("Format", "JSON"), ("Version", Self.version),
                     ("Timestamp", SigningClock.timestamp(Date()))] + parameters
        }
        let reply = try fetch.perform(method: "GET", url: endpoint.url(query: query), headers: [("accept", "application/json")],
                                      source: source)
        let body = try? Value(json: reply.body)
        guard reply.status == 200, let body, case .object = body else {
            let code = body?["Code"]?.stringValue ?? "HTTP \(reply.status)"
            let message = body?["Message"]?.stringValue ?? "the answer is not an STS JSON object"
            let secrets = [credentials?.accessKeySecret, credentials?.securityToken].compactMap { $0 }
                + parameters.filter { $0.0 == "OIDCToken" }.map(\.1)
            let scrubbed = SecretMask(secrets).scrub(message)
            throw CredentialsError(source, "STS at \(endpoint.base) refused \(action) (\(code): \(scrubbed))")
        }
        return body
    }

    /// The `Credentials` object of an STS-shaped answer (STS, the metadata service, a credentials URI):
    /// AccessKeyId, AccessKeySecret, SecurityToken, Expiration (`%Y-%m-%dT%H:%M:%SZ`).
    static func issued(_ object: Value?, source: String, what: String, tokenRequired: Bool = true) throws -> IssuedCredentials {
        func field(_ name: String) -> String? { object?[name]?.stringValue.flatMap { $0.isEmpty ? nil : $0 } }
        guard let id = field("AccessKeyId"), let secret = field("AccessKeySecret") else {
            throw CredentialsError(source, "\(what) answered without AccessKeyId and AccessKeySecret")
        }
        let token = field("SecurityToken")
        if tokenRequired, token == nil { throw CredentialsError(source, "\(what) answered without a SecurityToken") }
        var expiration: Date?
        if let text = field("Expiration") {
            guard let date = SigningClock.parseTimestamp(text) else {
                throw CredentialsError(source, "\(what) answered an Expiration that is not YYYY-MM-DDTHH:MM:SSZ (\(text))")
            }
            expiration = date
        } else if tokenRequired {
            throw CredentialsError(source, "\(what) answered without an Expiration")
        }
        return IssuedCredentials(Credentials(accessKeyId: id, accessKeySecret: secret, securityToken: token), expiration: expiration)
    }
}
