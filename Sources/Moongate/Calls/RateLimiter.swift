import Foundation

/// A client-wide `rate = N` calls per second, shared by every coroutine of a run: each call reserves
/// the next free slot and its request waits (off the script thread) until that slot.
///
/// ```swift
/// let limiter = RateLimiter(callsPerSecond: 5)
/// let delay = limiter.reserve()   // 0 for the first call, then 0.2 s apart
/// ```
public final class RateLimiter: @unchecked Sendable {
    public let callsPerSecond: Double
    private let interval: TimeInterval
    private var nextSlot: TimeInterval = 0
    private let lock = NSLock()

    public init(callsPerSecond: Double) {
        self.callsPerSecond = callsPerSecond
        interval = 1 / callsPerSecond
    }

    /// Reserves a slot and returns how long to wait before sending.
    public func reserve(now: TimeInterval = ProcessInfo.processInfo.systemUptime) -> TimeInterval {
        lock.lock()
        defer { lock.unlock() }
        let slot = max(now, nextSlot)
        nextSlot = slot + interval
        return slot - now
    }
}
