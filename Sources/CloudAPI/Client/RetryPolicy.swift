// ===----------------------------------------------------------------------===
// When to send a request again, and how long to wait first.
// ===----------------------------------------------------------------------===

/// Bounded retries with exponential backoff and full jitter, only where repeating a request cannot
/// duplicate an effect:
///
/// - A **read** is retried after any transient failure: throttling (`Throttling*`, HTTP 429),
///   `ServiceUnavailable`, other 5xx, connection failures and timeouts.
/// - A **write** is retried only when the service answered with a throttling error: it refused the
///   request for its rate, so nothing was done. After a 5xx, a timeout or a dropped connection the
///   write may or may not have taken effect, so it is never repeated; the error goes to the script.
/// - None of the 19 operations takes an idempotency token (`ClientToken`), so there is no write the
///   token would make safe to repeat.
///
/// The service's `x-acs-retry-after` header (milliseconds) replaces the computed delay, capped by
/// `maxRetryAfter`.
///
/// ```swift
/// var policy = RetryPolicy.default      // 4 attempts, 0.2 s base, 5 s cap
/// policy.maxAttempts = 6
/// let none = RetryPolicy.none           // exactly one attempt
/// ```
public struct RetryPolicy: Sendable, Equatable {
    /// Attempts in total, the first included (1 = no retries).
    public var maxAttempts: Int
    /// The backoff ceiling of the first retry; it doubles for each further retry.
    public var baseDelay: Double
    /// The largest backoff ceiling, in seconds.
    public var maxDelay: Double
    /// The largest wait honoured from `x-acs-retry-after`, in seconds.
    public var maxRetryAfter: Double

    public init(maxAttempts: Int = 4, baseDelay: Double = 0.2, maxDelay: Double = 5, maxRetryAfter: Double = 20) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = max(0, baseDelay)
        self.maxDelay = max(0, maxDelay)
        self.maxRetryAfter = max(0, maxRetryAfter)
    }

    public static let `default` = RetryPolicy()
    public static let none = RetryPolicy(maxAttempts: 1)

    /// Whether a failed attempt (1-based) of an operation with this effect should be sent again.
    public func shouldRetry(_ error: CloudAPIError, effect: Operation.Effect, attempt: Int) -> Bool {
        guard attempt < maxAttempts, error.retryable else { return false }
        switch effect {
        case .read: return true
        case .write: return error.isThrottling
        }
    }

    /// The wait before the next attempt after `attempt` failed: the service's retry-after (capped)
    /// when given, else a uniformly random time in [0, min(maxDelay, baseDelay · 2^(attempt-1))].
    public func delay(after attempt: Int, error: CloudAPIError,
                      random: (ClosedRange<Double>) -> Double = { Double.random(in: $0) }) -> Double {
        if let milliseconds = error.retryAfterMilliseconds, milliseconds > 0 {
            return min(Double(milliseconds) / 1000, maxRetryAfter)
        }
        let ceiling = min(maxDelay, baseDelay * Double(1 << min(max(attempt - 1, 0), 30)))
        return ceiling > 0 ? random(0...ceiling) : 0
    }
}
