// ===----------------------------------------------------------------------===
// QuotaBuckets: one token bucket per (AccessKey ID, operation), holding one second of calls. A call
// takes a token or is throttled with the milliseconds until the next token (x-acs-retry-after).
// The service counts per account; here each AccessKey is its own account, so tests can share an
// emulator without sharing a quota.
// ===----------------------------------------------------------------------===

import Foundation
import Synchronization

final class QuotaBuckets: Sendable {
    private struct Key: Hashable {
        let accessKeyId: String
        let operation: String
    }
    private struct Bucket {
        var tokens: Double
        var updated: TimeInterval
    }

    private struct State {
        var buckets: [Key: Bucket] = [:]
        /// How many calls were throttled (for tests and benchmarks).
        var throttled = 0
    }

    let plan: QuotaPlan
    private let state = Mutex(State())

    init(plan: QuotaPlan) { self.plan = plan }

    /// nil when the call may go ahead (a token was taken), else the milliseconds until a token is free.
    func admit(operation: String, accessKeyId: String, now: TimeInterval = ProcessInfo.processInfo.systemUptime) -> Int? {
        guard let rate = plan.rate(for: operation) else { return nil }
        let key = Key(accessKeyId: accessKeyId, operation: operation)
        return state.withLock { state in
            var bucket = state.buckets[key] ?? Bucket(tokens: rate, updated: now)
            bucket.tokens = min(rate, bucket.tokens + (now - bucket.updated) * rate)
            bucket.updated = now
            defer { state.buckets[key] = bucket }
            if bucket.tokens >= 1 {
                bucket.tokens -= 1
                return nil
            }
            state.throttled += 1
            return max(1, Int(((1 - bucket.tokens) / rate * 1000).rounded(.up)))
        }
    }

    var throttled: Int { state.withLock { $0.throttled } }
}
