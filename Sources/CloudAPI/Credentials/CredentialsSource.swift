// ===----------------------------------------------------------------------===
// CredentialsSource: what a client signs with. It caches a provider's credentials, renews them ahead
// of expiry (one renewal at a time; other threads wait for it) and remembers every secret it has
// handed out, so redaction covers the old token as well as the new.
// ===----------------------------------------------------------------------===

import Foundation
import Synchronization

/// The credentials of one client, renewed as they near expiry.
///
/// ```swift
/// let source = CredentialsSource(provider: RamRoleArnProvider(…))
/// let creds = try source.current()   // fetches on first use, then again ahead of expiry
/// ```
public final class CredentialsSource: Sendable {
    public let provider: any CredentialsProvider
    /// Held while a renewal runs, so other threads wait for it rather than fetch again.
    private let state = Mutex(State())

    private struct State {
        var cached: IssuedCredentials?
        /// When the cached credentials should be renewed (nil: never).
        var renewAt: Date?
        var secrets: [String] = []
        var renewals = 0
    }

    public init(provider: any CredentialsProvider) {
        self.provider = provider
    }

    /// Fixed credentials (no renewal), already known: nothing is fetched.
    public convenience init(_ credentials: Credentials, name: String = "explicit") {
        self.init(provider: StaticCredentialsProvider(credentials, name: name))
        state.withLock { store(IssuedCredentials(credentials), now: Date(), in: &$0) }
    }

    /// The credentials to sign with now: the cached ones, or new ones when they are due for renewal.
    /// Throws `CredentialsError` when there are none that work.
    public func current(now: Date = Date()) throws -> Credentials {
        try state.withLock { try current(now: now, in: &$0).credentials }
    }

    /// The credentials with their expiration (fetching them if not done yet), for `whoami`.
    public func issued(now: Date = Date()) throws -> IssuedCredentials {
        try state.withLock { try current(now: now, in: &$0) }
    }

    /// Every secret and token handed out so far, and those spent to get them, for masking.
    public var knownSecrets: [String] { state.withLock { $0.secrets } }

    /// How many times credentials were fetched (the first fetch included).
    public var fetchCount: Int { state.withLock { $0.renewals } }

    public var name: String { provider.name }

    /// The AccessKey ID held now (nil before the first fetch): who the audit says made a call. Never fetches.
    public var accessKeyId: String? { state.withLock { $0.cached?.credentials.accessKeyId } }

    private func current(now: Date, in state: inout State) throws -> IssuedCredentials {
        if let cached = state.cached, state.renewAt.map({ now < $0 }) ?? true { return cached }
        do {
            let fresh = try provider.fetch()
            state.renewals += 1
            store(fresh, now: now, in: &state)
            return fresh
        } catch {
            // The ECS rule: a failed renewal keeps credentials that still work, and tries again soon.
            if provider.refresh.keepOnFailure, let cached = state.cached, let expiration = cached.expiration, now < expiration {
                state.renewAt = min(expiration, now.addingTimeInterval(10))
                return cached
            }
            throw error
        }
    }

    private func store(_ issued: IssuedCredentials, now: Date, in state: inout State) {
        state.cached = issued
        for secret in [issued.credentials.accessKeySecret, issued.credentials.securityToken].compactMap({ $0 }) + issued.spent
        where !state.secrets.contains(secret) {
            state.secrets.append(secret)
        }
        guard let expiration = issued.expiration else { return state.renewAt = nil }
        let lifetime = max(expiration.timeIntervalSince(now), 0)
        state.renewAt = expiration.addingTimeInterval(-min(provider.refresh.ahead, lifetime / 4))
    }
}

extension CredentialsSource: CustomStringConvertible, CustomReflectable {
    public var description: String { "CredentialsSource(\(provider.name))" }
    /// Holds secrets: `dump` shows only the name and the AccessKeyId.
    public var customMirror: Mirror {
        let id = state.withLock { $0.cached?.credentials.accessKeyId }
        return Mirror(self, children: ["name": provider.name, "accessKeyId": id ?? "(not fetched yet)"], displayStyle: .class)
    }
}
