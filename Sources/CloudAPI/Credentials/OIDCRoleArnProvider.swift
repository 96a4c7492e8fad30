// ===----------------------------------------------------------------------===
// OIDC (RRSA on Kubernetes): assume a role with STS AssumeRoleWithOIDC, proving who we are with the
// token file the platform mounts. The file is read again on every renewal: Kubernetes rotates it.
// ===----------------------------------------------------------------------===

import Foundation

/// ```swift
/// let provider = OIDCRoleArnProvider(name: "environment (OIDC)", roleArn: arn, providerArn: provider,
///                                    tokenFile: "/var/run/secrets/tokens/oidc-token", sts: sts)
/// ```
public struct OIDCRoleArnProvider: CredentialsProvider {
    public let name: String
    public let roleArn: String
    public let providerArn: String
    public let tokenFile: String
    public var sessionName: String
    public var durationSeconds: Int
    public var policy: String?
    public let sts: StsClient

    public init(name: String, roleArn: String, providerArn: String, tokenFile: String, sessionName: String? = nil,
                durationSeconds: Int = 3600, policy: String? = nil, sts: StsClient) {
        self.name = name
        self.roleArn = roleArn
        self.providerArn = providerArn
        self.tokenFile = tokenFile
        self.sessionName = sessionName.flatMap { $0.isEmpty ? nil : $0 } ?? RoleSession.defaultName()
        self.durationSeconds = durationSeconds
        self.policy = policy
        self.sts = sts
    }

    public func fetch() throws -> IssuedCredentials {
        guard let data = FileManager.default.contents(atPath: tokenFile) else {
            throw CredentialsError(name, "cannot read the OIDC token file \(tokenFile)")
        }
        let token = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !token.isEmpty else { throw CredentialsError(name, "the OIDC token file \(tokenFile) is empty") }
        return try sts.assumeRoleWithOIDC(roleArn: roleArn, providerArn: providerArn, token: token, sessionName: sessionName,
                                          durationSeconds: durationSeconds, policy: policy, source: name).spending([token])
    }
}
