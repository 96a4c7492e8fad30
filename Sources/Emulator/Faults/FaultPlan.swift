import Foundation

// ===----------------------------------------------------------------------===
// Fault injection: `--faults throttle=0.2,error5xx=0.05,delay=50ms,reset=0.01,reset_after=0.01`.
// ===----------------------------------------------------------------------===

/// How often the emulator misbehaves, so clients' retry and idempotency logic can be exercised.
///
/// - `throttle`: answer `Throttling.User` (HTTP 400, header `x-acs-retry-after` in ms); nothing changes.
/// - `error5xx`: answer `ServiceUnavailable` (HTTP 503); nothing changes.
/// - `delay`: wait this long before handling every request (`50ms`, `1s`, or plain milliseconds).
/// - `reset`: drop the connection without answering; nothing changes.
/// - `reset_after`: apply the request, then drop the connection before answering (the case that
///   tempts a client into repeating a create).
///
/// ```swift
/// let plan = try FaultPlan(parsing: "throttle=0.2,delay=50ms")
/// plan.throttle        // 0.2
/// plan.delayMilliseconds // 50
/// ```
public struct FaultPlan: Sendable, Equatable {
    public var throttle: Double = 0
    public var error5xx: Double = 0
    public var reset: Double = 0
    public var resetAfter: Double = 0
    public var delayMilliseconds: Int = 0
    /// The `x-acs-retry-after` value sent with a throttled answer.
    public var retryAfterMilliseconds: Int = 100

    public init(throttle: Double = 0, error5xx: Double = 0, reset: Double = 0, resetAfter: Double = 0,
                delayMilliseconds: Int = 0, retryAfterMilliseconds: Int = 100) {
        self.throttle = throttle
        self.error5xx = error5xx
        self.reset = reset
        self.resetAfter = resetAfter
        self.delayMilliseconds = delayMilliseconds
        self.retryAfterMilliseconds = retryAfterMilliseconds
    }

    /// No faults at all.
    public static let none = FaultPlan()

    public var isEmpty: Bool { self == .none }

    /// Parses the `--faults` syntax; errors read `--faults: throttle: expected a probability from 0 to 1 (got 1.5)`.
    public init(parsing text: String) throws {
        for item in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !item.isEmpty {
            let pair = item.split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2 else { throw FaultPlanError("--faults: \(item): expected name=value (such as throttle=0.1)") }
            let (name, value) = (pair[0], pair[1])
            switch name {
            case "throttle": throttle = try Self.probability(name, value)
            case "error5xx": error5xx = try Self.probability(name, value)
            case "reset": reset = try Self.probability(name, value)
            case "reset_after": resetAfter = try Self.probability(name, value)
            case "delay": delayMilliseconds = try Self.milliseconds(name, value)
            case "retry_after": retryAfterMilliseconds = try Self.milliseconds(name, value)
            default:
                throw FaultPlanError("--faults: unknown fault \"\(name)\" (known: throttle, error5xx, delay, reset, reset_after, retry_after)")
            }
        }
    }

    private static func probability(_ name: String, _ text: String) throws -> Double {
        guard let value = Double(text), value >= 0, value <= 1 else {
            throw FaultPlanError("--faults: \(name): expected a probability from 0 to 1 (got \(text))")
        }
        return value
    }

    /// One hour: longer waits are a typo, and a larger count overflowed the emulator's sleep in nanoseconds.
    static let maxMilliseconds = 3_600_000

    private static func milliseconds(_ name: String, _ text: String) throws -> Int {
        let (digits, scale): (Substring, Int) =
            text.hasSuffix("ms") ? (text.dropLast(2), 1) : text.hasSuffix("s") ? (text.dropLast(), 1000) : (Substring(text), 1)
        // A count of seconds too large for milliseconds is refused like any other bad value, not a trap.
        guard let value = Int(digits), value >= 0, case let (milliseconds, false) = value.multipliedReportingOverflow(by: scale) else {
            throw FaultPlanError("--faults: \(name): expected a duration such as 50ms or 1s (got \(text))")
        }
        guard milliseconds <= maxMilliseconds else {
            throw FaultPlanError("--faults: \(name): expected a duration of at most 3600s (got \(text))")
        }
        return milliseconds
    }
}

/// A `--faults` value that could not be parsed.
public struct FaultPlanError: Error, Sendable, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
