// ===----------------------------------------------------------------------===
// AdaptiveRates: each (endpoint, operation)'s quota, learned from the service's throttling answers,
// as boto3's adaptive retry mode and TCP's congestion control do: calls go unpaced until the service
// throttles a good share of them (the quota, not chance, is then the limit), then at the rate it was
// seen to admit (multiplicative decrease, at most once a second and once per round of requests),
// growing back additively while calls succeed, so the pace keeps probing the quota.
// `x-acs-retry-after` holds every call of that operation until a token is free.
// ===----------------------------------------------------------------------===

import Foundation
import Synchronization

/// The learned pace of every (endpoint, operation), shared by all the calls of a process (a quota is
/// the account's, whichever client or coroutine spends it).
///
/// ```swift
/// let rates = AdaptiveRates()
/// let wait = rates.reserve(endpoint, "DeleteBackend")   // 0 until throttled often
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
    /// The share of the last second's answers that must be throttles before the pace is cut: below
    /// it, throttles are scattered (or the service's own hiccups) and the quota is not what limits.
    static let throttledShare = 0.3
    /// The fewest throttles over the last second that may cut the pace.
    static let throttlesToCut = 5.0

    private struct Key: Hashable {
        let endpoint: String
        let operation: String
    }
    private struct State {
        /// Calls per second; nil (no pacing) until throttles are a good share of the answers.
        var rate: Double?
        /// The earliest time the next call may go (a pacing slot, or a retry-after hold).
        var nextSlot: Double = 0
        var lastDecrease: Double = -.infinity
        var lastGrowth: Double = 0
        /// Calls admitted, and throttled, over the last second.
        var window = SlidingCount()
        var throttledWindow = SlidingCount()
        /// When the first call was admitted: before a second has passed, the rate is over less.
        var firstAdmitted: Double?
    }

    /// Events over the last second, O(1): the current window's count plus the share of the previous
    /// window's that still falls within the second (the sliding-window estimate).
    struct SlidingCount {
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
            if state.firstAdmitted == nil { state.firstAdmitted = now }
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
            state.throttledWindow.add(now)
            if let retryAfter, retryAfter > 0 { state.nextSlot = max(state.nextSlot, now + retryAfter) }
            // One decrease per round (throttles of calls sent before the last decrease say nothing new),
            // and at most one a second, so that scattered throttles do not collapse the pace.
            // The admitted rate needs a tenth of a second of history to mean anything, and a cut needs a
            // few throttles: a handful of chance ones at a low pace must not start a slide.
            let span = min(1, now - (state.firstAdmitted ?? now))
            let admittedCount = state.window.lastSecond(now), throttledCount = state.throttledWindow.lastSecond(now)
            let share = throttledCount / max(1, admittedCount + throttledCount)
            if sentAt > state.lastDecrease, now - state.lastDecrease >= 1, share >= Self.throttledShare,
               throttledCount >= Self.throttlesToCut, admittedCount > 0, span >= 0.1 {
                // Nothing admitted says nothing about the quota (every call may be waiting out a
                // backoff): then the pace is left alone, and the service's retry-after holds the calls.
                let seen = admittedCount / max(span, 0.1)
                // At most halved at a time, so that a second of few admitted calls cannot sink it.
                let floor = (state.rate ?? 0) / 2
                state.rate = max(Self.minimumRate, floor, min(state.rate ?? .infinity, seen * Self.decrease))
                state.lastDecrease = now
                state.lastGrowth = now
            }
            all[key] = state
        }
    }

    /// The pace learned for an operation (calls per second), nil while unpaced.
    public func rate(endpoint: String, operation: String) -> Double? {
        states.withLock { $0[Key(endpoint: endpoint, operation: operation)]?.rate }
    }
}
