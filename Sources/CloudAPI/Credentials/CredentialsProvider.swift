// ===----------------------------------------------------------------------===
// A place credentials come from (environment, a profile, STS, the ECS metadata service, a URI, a
// command), as one protocol: fetch now, say what you are, say how early to refresh.
// ===----------------------------------------------------------------------===

import Foundation

/// Credentials with the moment they stop working (nil: a long-lived AccessKey).
public struct IssuedCredentials: Sendable {
    public let credentials: Credentials
    public let expiration: Date?
    /// Secrets spent to get these (the OIDC token, the source credentials of an assumed role):
    /// masked like the credentials themselves.
    public let spent: [String]

    public init(_ credentials: Credentials, expiration: Date? = nil, spent: [String] = []) {
        self.credentials = credentials
        self.expiration = expiration
        self.spent = spent
    }

    /// The same credentials, with `secrets` spent to get them.
    func spending(_ secrets: [String]) -> IssuedCredentials {
        IssuedCredentials(credentials, expiration: expiration, spent: spent + secrets)
    }
}

/// One source of credentials. `fetch` may block (an STS call, a command); `CredentialsSource` calls
/// it once at first use and again when the credentials are about to expire.
///
/// ```swift
/// let provider = StaticCredentialsProvider(creds, name: "environment")
/// let issued = try provider.fetch()
/// ```
public protocol CredentialsProvider: Sendable {
    /// What it is, for messages and `moongate whoami`: `environment`, `profile "ci" (RamRoleArn)`.
    var name: String { get }
    /// How long before expiry to fetch new credentials, and what to do if that fails.
    var refresh: RefreshPolicy { get }
    func fetch() throws -> IssuedCredentials
}

extension CredentialsProvider {
    public var refresh: RefreshPolicy { .sts }
}

/// When temporary credentials are renewed (the official providers' rules).
public struct RefreshPolicy: Sendable, Equatable {
    /// Renew this long before the expiration, capped at a quarter of the lifetime so that short-lived
    /// credentials (an emulator's `--sts-duration 3`) are not renewed on every call.
    public var ahead: TimeInterval
    /// Keep using credentials that are still valid when renewing fails (the ECS metadata service may
    /// hiccup; the role's credentials it gave keep working until they expire).
    public var keepOnFailure: Bool

    /// STS (RamRoleArn, OIDC) and credentials URIs: 15 minutes ahead, a failure is an error.
    public static let sts = RefreshPolicy(ahead: 15 * 60, keepOnFailure: false)
    /// The ECS instance role: 15 minutes ahead, valid credentials kept if the metadata service fails.
    public static let ecs = RefreshPolicy(ahead: 15 * 60, keepOnFailure: true)
    /// An external command: 3 minutes ahead.
    public static let external = RefreshPolicy(ahead: 180, keepOnFailure: false)
}

/// Credentials that do not change: explicit ones, the environment's, an AK or StsToken profile.
public struct StaticCredentialsProvider: CredentialsProvider {
    public let name: String
    private let issued: IssuedCredentials

    public init(_ credentials: Credentials, name: String, expiration: Date? = nil) {
        self.name = name
        self.issued = IssuedCredentials(credentials, expiration: expiration)
    }

    public func fetch() throws -> IssuedCredentials { issued }
}
