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

    let plan: QuotaPlan
    private let buckets = Mutex<[Key: Bucket]>([:])
    /// How many calls were throttled (for `/_emulator/state` and benchmarks).
    private let throttledCount = Mutex(0)

    init(plan: QuotaPlan) { self.plan = plan }

    /// nil when the call may go ahead (a token was taken), else the milliseconds until a token is free.
    func admit(operation: String, accessKeyId: String, now: TimeInterval = ProcessInfo.processInfo.systemUptime) -> Int? {
        guard let rate = plan.rate(for: operation) else { return nil }
        let key = Key(accessKeyId: accessKeyId, operation: operation)
        let wait: Int? = buckets.withLock { all in
            var bucket = all[key] ?? Bucket(tokens: rate, updated: now)
            bucket.tokens = min(rate, bucket.tokens + (now - bucket.updated) * rate)
            bucket.updated = now
            defer { all[key] = bucket }
            if bucket.tokens >= 1 {
                bucket.tokens -= 1
                return nil
            }
            return max(1, Int(((1 - bucket.tokens) / rate * 1000).rounded(.up)))
        }
        if wait != nil { throttledCount.withLock { $0 += 1 } }
        return wait
    }

    var throttled: Int { throttledCount.withLock { $0 } }
}
