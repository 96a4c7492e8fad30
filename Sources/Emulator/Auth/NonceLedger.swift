// ===----------------------------------------------------------------------===
// Signature nonces seen recently, per access key. A nonce only needs remembering while its
// timestamp is still acceptable (the skew window on either side); older entries are dropped.
// ===----------------------------------------------------------------------===

import Foundation
import Synchronization

final class NonceLedger: Sendable {
    private struct Seen {
        var expiries: [String: Date] = [:]
        var nextPurge = Date()
    }
    private let seen = Mutex(Seen())
    private let lifetime: TimeInterval

    init(lifetime: TimeInterval) { self.lifetime = lifetime }

    /// Records the nonce; false when the same key already used it within the lifetime.
    func use(_ nonce: String, accessKeyId: String, now: Date = Date()) -> Bool {
        let key = accessKeyId + "\u{0}" + nonce
        return seen.withLock { seen in
            if now >= seen.nextPurge {
                seen.expiries = seen.expiries.filter { $0.value > now }
                seen.nextPurge = now.addingTimeInterval(60)
            }
            if let expiry = seen.expiries[key], expiry > now { return false }
            seen.expiries[key] = now.addingTimeInterval(lifetime)
            return true
        }
    }
}
