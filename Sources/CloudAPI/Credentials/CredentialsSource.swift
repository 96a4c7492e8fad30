// ===----------------------------------------------------------------------===
// CredentialsSource: what a client signs with. It caches a provider's credentials, renews them ahead
// of expiry (one renewal at a time; other threads wait for it) and remembers every secret it has
// handed out, so redaction covers the old token as well as the new.
// ===----------------------------------------------------------------------===

import Foundation

/// The credentials of one client, renewed as they near expiry.
///
/// ```swift
/// let source = CredentialsSource(provider: RamRoleArnProvider(…))
/// let creds = try source.current()   // fetches on first use, then again ahead of expiry
/// ```
public final class CredentialsSource: @unchecked Sendable {
    public let provider: any CredentialsProvider
    private let lock = NSLock()
    private var cached: IssuedCredentials?
    /// When the cached credentials should be renewed (nil: never).
    private var renewAt: Date?
    private var secrets: [String] = []
    private var renewals = 0

    public init(provider: any CredentialsProvider) {
        self.provider = provider
    }

    /// Fixed credentials (no renewal), already known: nothing is fetched.
    public convenience init(_ credentials: Credentials, name: String = "explicit") {
        self.init(provider: StaticCredentialsProvider(credentials, name: name))
        lock.withLock { store(IssuedCredentials(credentials), now: Date()) }
    }

    /// The credentials to sign with now: the cached ones, or new ones when they are due for renewal.
    /// Throws `CredentialsError` when there are none that work.
    public func current(now: Date = Date()) throws -> Credentials {
        try lock.withLock { try currentLocked(now: now).credentials }
    }

    /// The credentials with their expiration (fetching them if not done yet), for `whoami`.
    public func issued(now: Date = Date()) throws -> IssuedCredentials {
        try lock.withLock { try currentLocked(now: now) }
    }

    /// Every secret and token handed out so far, for redaction.
    public var knownSecrets: [String] { lock.withLock { secrets } }

    /// How many times credentials were fetched (the first fetch included).
    public var fetchCount: Int { lock.withLock { renewals } }

    public var name: String { provider.name }

    /// The AccessKey ID held now (nil before the first fetch): who the audit says made a call. Never fetches.
    public var accessKeyId: String? { lock.withLock { cached?.credentials.accessKeyId } }

    private func currentLocked(now: Date) throws -> IssuedCredentials {
        if let cached, renewAt.map({ now < $0 }) ?? true { return cached }
        do {
            let fresh = try provider.fetch()
            renewals += 1
            store(fresh, now: now)
            return fresh
        } catch {
            // The ECS rule: a failed renewal keeps credentials that still work, and tries again soon.
            if provider.refresh.keepOnFailure, let cached, let expiration = cached.expiration, now < expiration {
                renewAt = min(expiration, now.addingTimeInterval(10))
                return cached
            }
            throw error
        }
    }

    private func store(_ issued: IssuedCredentials, now: Date) {
        cached = issued
        for secret in [issued.credentials.accessKeySecret, issued.credentials.securityToken].compactMap({ $0 })
        where !secrets.contains(secret) {
            secrets.append(secret)
        }
        guard let expiration = issued.expiration else { return renewAt = nil }
        let lifetime = max(expiration.timeIntervalSince(now), 0)
        renewAt = expiration.addingTimeInterval(-min(provider.refresh.ahead, lifetime / 4))
    }
}

extension CredentialsSource: CustomStringConvertible, CustomReflectable {
    public var description: String { "CredentialsSource(\(provider.name))" }
    /// Holds secrets: `dump` shows only the name and the AccessKeyId.
    public var customMirror: Mirror {
        let id = lock.withLock { cached?.credentials.accessKeyId }
        return Mirror(self, children: ["name": provider.name, "accessKeyId": id ?? "(not fetched yet)"], displayStyle: .class)
    }
}
