// ===----------------------------------------------------------------------===
// CloudAPIError: a call that reached (or tried to reach) the service and failed — a service
// error body, a transport failure, or a response Moongate could not read.
// ===----------------------------------------------------------------------===

/// A failed call, with everything the service said about it.
///
/// ```swift
/// catch let error as CloudAPIError {
///     print(error)   // CreateBackend: Throttling.User (HTTP 400, RequestId 6B2D…): Request was denied…
///     error.retryable // true
/// }
/// ```
public struct CloudAPIError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The service's `Code` (`InvalidParameter.BackendName`, `Throttling.User`), or one of
    /// Moongate's own: `Moongate.ConnectionFailed`, `Moongate.Timeout`, `Moongate.InvalidResponse`.
    public let code: String
    public let message: String
    public let requestId: String?
    public let hostId: String?
    /// The HTTP status; nil when no response arrived.
    public let httpStatus: Int?
    /// The operation's API name.
    public let action: String
    /// True for transient failures (throttling, HTTP 429, ServiceUnavailable, 5xx, connection
    /// failures and timeouts): trying again later may succeed. Whether the client did retry also
    /// depends on the operation (see `RetryPolicy`).
    public let retryable: Bool
    /// The service's troubleshooting URL, when it sent one.
    public let recommend: String?
    /// The service's `x-acs-retry-after` header, in milliseconds.
    public let retryAfterMilliseconds: Int?
    /// Whether request bytes went out (false: the connection, proxy or TLS failed first, or the
    /// request was never made). A service answer implies true.
    public let requestSent: Bool

    public init(
        code: String, message: String, requestId: String? = nil, hostId: String? = nil, httpStatus: Int? = nil,
        action: String, retryable: Bool, recommend: String? = nil, retryAfterMilliseconds: Int? = nil,
        requestSent: Bool? = nil
    ) {
        self.requestSent = requestSent ?? (httpStatus != nil)
        self.code = code
        self.message = message
        self.requestId = requestId
        self.hostId = hostId
        self.httpStatus = httpStatus
        self.action = action
        self.retryable = retryable
        self.recommend = recommend
        self.retryAfterMilliseconds = retryAfterMilliseconds
    }

    /// One line: `CreateBackend: InvalidParameter.BackendName (HTTP 400, RequestId X): message`.
    public var description: String {
        var detail: [String] = []
        if let httpStatus { detail.append("HTTP \(httpStatus)") }
        if let requestId { detail.append("RequestId \(requestId)") }
        let context = detail.isEmpty ? "" : " (\(detail.joined(separator: ", ")))"
        return "\(action): \(code)\(context): \(message)"
    }

    /// Whether the service refused the request for its rate (`Throttling*`, HTTP 429, or any error
    /// with `x-acs-retry-after`, as both official clients read it): nothing was done, so even a write
    /// may be sent again.
    public var isThrottling: Bool {
        httpStatus == 429 || code.hasPrefix("Throttling") || (retryAfterMilliseconds ?? 0) > 0
    }

    /// Whether the request may have been carried out although the call failed: a 5xx, or the
    /// connection broke or timed out after the request went out. A write that ends so is neither
    /// done nor refused until it is resolved (see `WriteResolution`).
    public var outcomeUnknown: Bool {
        if let httpStatus { return (500...599).contains(httpStatus) }
        return requestSent
    }

    /// Whether a code and status describe a transient failure.
    static func isTransient(code: String, httpStatus: Int?) -> Bool {
        if code.hasPrefix("Throttling") || code == "ServiceUnavailable" { return true }
        // libcurl re-sends a request by itself when a kept-alive connection turns out dead; if the first
        // copy had arrived, the service refuses the second's nonce. A new attempt is signed afresh.
        if code == "SignatureNonceUsed" { return true }
        guard let httpStatus else { return false }
        return httpStatus == 429 || (500...599).contains(httpStatus)
    }
}
