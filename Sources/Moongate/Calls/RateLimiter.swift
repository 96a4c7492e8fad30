import Foundation
import Synchronization

/// A client-wide `rate = N` calls per second, shared by every coroutine of a run: each call reserves
/// the next free slot and its request waits (off the script thread) until that slot.
///
/// ```swift
/// let limiter = RateLimiter(callsPerSecond: 5)
/// let delay = limiter.reserve()   // 0 for the first call, then 0.2 s apart
/// ```
public final class RateLimiter: Sendable {
    public let callsPerSecond: Double
    private let interval: TimeInterval
    private let nextSlot = Mutex<TimeInterval>(0)

    public init(callsPerSecond: Double) {
        self.callsPerSecond = callsPerSecond
        interval = 1 / callsPerSecond
    }

    /// Reserves a slot and returns how long to wait before sending.
    public func reserve(now: TimeInterval = ProcessInfo.processInfo.systemUptime) -> TimeInterval {
        nextSlot.withLock { nextSlot in
            let slot = max(now, nextSlot)
            nextSlot = slot + interval
            return slot - now
        }
    }
}
