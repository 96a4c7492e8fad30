// ===----------------------------------------------------------------------===
// When to send a request again, and how long to wait first.
// ===----------------------------------------------------------------------===

/// Retries with exponential backoff and full jitter, only where repeating a request cannot
/// duplicate an effect:
///
/// - **Throttling** (`Throttling*`, HTTP 429, any answer with `x-acs-retry-after`), reads and writes
///   alike: the service refused the request for its rate, so nothing was done. Retried after the
///   service's wait plus a little jitter until `deadline` seconds after the call began, not a fixed
///   count: a job over thousands of resources is bounded by the quota, and finishes at its pace.
/// - A **read** is also retried, `maxAttempts` in all, after other transient failures:
///   `ServiceUnavailable`, other 5xx, connection failures and timeouts.
/// - A **write** that ends with its outcome unknown (a 5xx, a timeout or a dropped connection after
///   the request went out) is retried only because the catalog knows how to settle the repeat
///   (`WriteResolution`: found by name, gone is done, sets a state); after a failure before anything
///   was sent it is not retried by the client. After a 5xx, a timeout or a dropped connection the
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
    /// Seconds after a call began past which a throttled call is not retried (`retry_deadline`).
    public var deadline: Double

    public init(maxAttempts: Int = 4, baseDelay: Double = 0.2, maxDelay: Double = 5, maxRetryAfter: Double = 20,
                deadline: Double = 300) {
        self.deadline = max(0, deadline)
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = max(0, baseDelay)
        self.maxDelay = max(0, maxDelay)
        self.maxRetryAfter = max(0, maxRetryAfter)
    }

    public static let `default` = RetryPolicy()
    public static let none = RetryPolicy(maxAttempts: 1)

    /// Whether a failed attempt (1-based) of an operation with this effect should be sent again, the
    /// next one `delay` seconds from now and `elapsed` seconds after the call began.
    /// `resolvable`: a write whose outcome is unknown that the catalog can settle after a retry
    /// (`WriteResolution`), so repeating it cannot duplicate its effect either.
    public func shouldRetry(_ error: CloudAPIError, effect: Operation.Effect, attempt: Int,
                            elapsed: Double = 0, delay: Double = 0, resolvable: Bool = false) -> Bool {
        guard error.retryable || resolvable, maxAttempts > 1 else { return false }
        if error.isThrottling { return elapsed + delay < deadline }
        return attempt < maxAttempts && (effect == .read || resolvable)
    }

    /// The wait before the next attempt after `attempt` failed: the service's retry-after (capped)
    /// plus up to a tenth of it (so the callers it held do not all come back at once), else a uniformly
    /// random time in [0, min(maxDelay, baseDelay · 2^(attempt-1))].
    public func delay(after attempt: Int, error: CloudAPIError,
                      random: (ClosedRange<Double>) -> Double = { Double.random(in: $0) }) -> Double {
        if let milliseconds = error.retryAfterMilliseconds, milliseconds > 0 {
            let wait = min(Double(milliseconds) / 1000, maxRetryAfter)
            return wait + random(0...(wait / 10))
        }
        let ceiling = min(maxDelay, baseDelay * Double(1 << min(max(attempt - 1, 0), 30)))
        return ceiling > 0 ? random(0...ceiling) : 0
    }
}
