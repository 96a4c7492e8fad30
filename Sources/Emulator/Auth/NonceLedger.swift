// ===----------------------------------------------------------------------===
// Signature nonces seen recently, per access key. A nonce only needs remembering while its
// timestamp is still acceptable (the skew window on either side); older entries are dropped.
// ===----------------------------------------------------------------------===

import Foundation

final class NonceLedger: @unchecked Sendable {
    private let lock = NSLock()
    private var seen: [String: Date] = [:]
    private let lifetime: TimeInterval
    private var nextPurge = Date()

    init(lifetime: TimeInterval) { self.lifetime = lifetime }

    /// Records the nonce; false when the same key already used it within the lifetime.
    func use(_ nonce: String, accessKeyId: String, now: Date = Date()) -> Bool {
        let key = accessKeyId + "\u{0}" + nonce
        lock.lock()
        defer { lock.unlock() }
        if now >= nextPurge {
            seen = seen.filter { $0.value > now }
            nextPurge = now.addingTimeInterval(60)
        }
        if let expiry = seen[key], expiry > now { return false }
        seen[key] = now.addingTimeInterval(lifetime)
        return true
    }
}
