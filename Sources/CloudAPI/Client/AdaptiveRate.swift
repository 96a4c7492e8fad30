// ===----------------------------------------------------------------------===
// AdaptiveRate: each (endpoint, operation)'s quota, learned from the service's throttling answers,
// as boto3's adaptive retry mode and TCP's congestion control do: calls go unpaced until the first
// throttle, then at the rate the service was seen to admit (multiplicative decrease, at most once a
// second and once per round of requests), growing back additively while calls succeed, so the pace keeps probing the quota.
// `x-acs-retry-after` holds every call of that operation until a token is free.
// ===----------------------------------------------------------------------===

import Foundation
import Synchronization

/// The learned pace of every (endpoint, operation), shared by all the calls of a process (a quota is
/// the account's, whichever client or coroutine spends it).
///
/// ```swift
/// let rates = AdaptiveRates()
/// let wait = rates.reserve(endpoint, "DeleteBackend")   // 0 until throttled
/// rates.throttled(endpoint, "DeleteBackend", sentAt: t0, retryAfter: 0.04)
/// rates.rate(endpoint: endpoint, operation: "DeleteBackend")   // e.g. 47.5 calls/s
/// ```
public final class AdaptiveRates: Sendable {
    public static let shared = AdaptiveRates()

    /// The decrease at a throttle: the pace becomes this share of the rate the service admitted over
    /// the last second.
    static let decrease = 0.95
    /// The growth while calls succeed, per second: this share of the pace (at least one call/s).
    static let increasePerSecond = 0.1
    static let minimumRate = 0.5

    private struct Key: Hashable {
        let endpoint: String
        let operation: String
    }
    private struct State {
        /// Calls per second; nil until the first throttle (no pacing).
        var rate: Double?
        /// The earliest time the next call may go (a pacing slot, or a retry-after hold).
        var nextSlot: Double = 0
        var lastDecrease: Double = -.infinity
        var lastGrowth: Double = 0
        /// Calls admitted in the current one-second window and in the one before it.
        var window = AdmittedWindow()
        var throttles = 0
    }

    /// Calls admitted over the last second, O(1): the current window's count plus the share of the
    /// previous window's that still falls within the second (the sliding-window estimate).
    struct AdmittedWindow {
        var start = 0.0
        var current = 0
        var previous = 0

        mutating func advance(to now: Double) {
            guard now - start >= 1 else { return }
            previous = now - start >= 2 ? 0 : current
            current = 0
            start = now - (now - start).truncatingRemainder(dividingBy: 1)
        }

        mutating func add(_ now: Double) {
            advance(to: now)
            current += 1
        }

        mutating func lastSecond(_ now: Double) -> Double {
            advance(to: now)
            return Double(previous) * max(0, 1 - (now - start)) + Double(current)
        }
    }
    private let states = Mutex<[Key: State]>([:])

    public init() {}

    public static func now() -> Double { ProcessInfo.processInfo.systemUptime }

    /// Seconds from `now` until a call may be sent, no earlier than `notBefore`; takes its slot.
    func reserve(_ endpoint: String, _ operation: String, notBefore: Double? = nil, now: Double = now()) -> Double {
        states.withLock { all in
            let key = Key(endpoint: endpoint, operation: operation)
            guard var state = all[key] else { return max(0, (notBefore ?? now) - now) }
            let earliest = max(notBefore ?? now, now)
            let slot = max(earliest, state.nextSlot)
            if let rate = state.rate { state.nextSlot = slot + 1 / rate }
            all[key] = state
            return slot - now
        }
    }

    /// A call was admitted (any answer but a throttle): counts toward the admitted rate and grows the pace.
    func admitted(_ endpoint: String, _ operation: String, now: Double = now()) {
        states.withLock { all in
            let key = Key(endpoint: endpoint, operation: operation)
            var state = all[key] ?? State()
            state.window.add(now)
            if let rate = state.rate {
                let elapsed = max(0, now - state.lastGrowth)
                state.rate = rate + max(1, rate * Self.increasePerSecond) * min(elapsed, 1)
            }
            state.lastGrowth = now
            all[key] = state
        }
    }

    /// A call sent at `sentAt` was throttled; `retryAfter` (seconds) is the service's own wait.
    func throttled(_ endpoint: String, _ operation: String, sentAt: Double, retryAfter: Double?, now: Double = now()) {
        states.withLock { all in
            let key = Key(endpoint: endpoint, operation: operation)
            var state = all[key] ?? State()
            state.throttles += 1
            if let retryAfter, retryAfter > 0 { state.nextSlot = max(state.nextSlot, now + retryAfter) }
            // One decrease per round (throttles of calls sent before the last decrease say nothing new),
            // and at most one a second, so that scattered throttles do not collapse the pace.
            if sentAt > state.lastDecrease, now - state.lastDecrease >= 1 {
                let seen = state.window.lastSecond(now)
                // Nothing admitted lately says little about the quota: halve a known pace, else leave
                // the waiting to the backoff and the service's retry-after.
                if seen > 0 {
                    state.rate = max(Self.minimumRate, min(state.rate ?? .infinity, seen * Self.decrease))
                } else if let rate = state.rate {
                    state.rate = max(Self.minimumRate, rate / 2)
                }
                state.lastDecrease = now
                state.lastGrowth = now
            }
            all[key] = state
        }
    }

    /// The pace learned for an operation (calls per second), nil while it has never been throttled.
    public func rate(endpoint: String, operation: String) -> Double? {
        states.withLock { $0[Key(endpoint: endpoint, operation: operation)]?.rate }
    }

    /// Throttled answers seen for an operation.
    public func throttles(endpoint: String, operation: String) -> Int {
        states.withLock { $0[Key(endpoint: endpoint, operation: operation)]?.throttles ?? 0 }
    }
}
