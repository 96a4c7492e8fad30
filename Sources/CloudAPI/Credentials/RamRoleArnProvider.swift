// ===----------------------------------------------------------------------===
// RamRoleArn: assume a RAM role with STS AssumeRole, signed by other credentials (an AccessKey, or
// another provider's: ChainableRamRoleArn, a role assumed from an ECS role).
// ===----------------------------------------------------------------------===

import Foundation

/// Credentials of an assumed role, renewed 15 minutes before they expire.
///
/// ```swift
/// let provider = RamRoleArnProvider(name: "profile ci (RamRoleArn)", base: CredentialsSource(ak),
///                                   roleArn: "acs:ram::123:role/ops", sts: try StsClient(endpoint: "sts.aliyuncs.com"))
/// ```
public struct RamRoleArnProvider: CredentialsProvider {
    public let name: String
    /// The credentials AssumeRole is signed with.
    public let base: CredentialsSource
    public let roleArn: String
    public var sessionName: String
    public var durationSeconds: Int
    public var externalId: String?
    public var policy: String?
    public let sts: StsClient

    public init(name: String, base: CredentialsSource, roleArn: String, sessionName: String? = nil, durationSeconds: Int = 3600,
                externalId: String? = nil, policy: String? = nil, sts: StsClient) {
        self.name = name
        self.base = base
        self.roleArn = roleArn
        self.sessionName = sessionName.flatMap { $0.isEmpty ? nil : $0 } ?? RoleSession.defaultName()
        self.durationSeconds = durationSeconds
        self.externalId = externalId
        self.policy = policy
        self.sts = sts
    }

    public func fetch() throws -> IssuedCredentials {
        try sts.assumeRole(roleArn: roleArn, sessionName: sessionName, durationSeconds: durationSeconds,
                           externalId: externalId, policy: policy, signedBy: try base.current(), source: name)
            .spending(base.knownSecrets)
    }
}

/// Session names and durations as the official providers default and check them.
enum RoleSession {
    /// `moongate-<epoch seconds>`, like the SDK's `credentials-python-<epoch>`.
    static func defaultName() -> String { "moongate-\(Int(Date().timeIntervalSince1970))" }

    /// 900…43200 seconds (STS's range); `field` names the setting in the error.
    static func duration(_ text: String?, field: String, source: String) throws -> Int {
        guard let text, !text.isEmpty else { return 3600 }
        guard let seconds = Int(text), (900...43200).contains(seconds) else {
            throw CredentialsError(source, "\(field): expected a number of seconds from 900 to 43200 (got \(text))",
                                   code: "Moongate.InvalidCredentials")
        }
        return seconds
    }
}
