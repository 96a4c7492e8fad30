/// One attempt's outcome, reported to `ClientConfiguration.observer` as it happens (an audit log
/// writes one record per attempt). It carries no parameters and no credentials.
public struct CallAttempt: Sendable {
    public let action: String
    /// 1-based.
    public let attempt: Int
    /// nil when no response arrived (connection failure, timeout).
    public let httpStatus: Int?
    /// nil on success.
    public let errorCode: String?
    public let requestId: String?
    /// This attempt's time, in seconds.
    public let duration: Double
    /// Whether another attempt follows, after `retryDelay` seconds.
    public let willRetry: Bool
    public let retryDelay: Double?
}

/// Called once per attempt, on whatever thread the response arrived; keep it quick and thread-safe.
public typealias CallObserver = @Sendable (CallAttempt) -> Void
