/// A successful call: the response object and how it went.
///
/// ```swift
/// let outcome = try await client.call("DescribeBackendList", ["PageSize": 50])
/// outcome.value["TotalCount"]?.intValue
/// outcome.attempts    // 1, or more after retries
/// ```
public struct CallOutcome: Sendable {
    /// The operation's API name.
    public let action: String
    /// The response body (a JSON object; integers and booleans kept as such).
    public let value: Value
    public let requestId: String?
    public let httpStatus: Int
    /// How many attempts were sent, the successful one included.
    public let attempts: Int
    /// Wall time of the whole call, retries and waits included, in seconds.
    public let duration: Double
    /// How a write whose first outcome was unknown was settled: `retried`, `found-by-name`,
    /// `found-by-stage`, `gone`, `already-set`; nil when no attempt's outcome was unknown.
    public var resolution: String? = nil
}
