import CloudAPI

/// Why a call failed, in the one shape scripts see as an error object: the service's own errors
/// (`InvalidParameter`, `NotFoundBackend`, `Throttling.User`…) and Moongate's refusals made before
/// anything was sent (`Moongate.InvalidParameter`, `Moongate.Denied`) or could not be sent (`Moongate.Timeout`…).
///
/// ```swift
/// CallFailure(code: "NotFoundBackend", message: "Specified backend does not exist.",
///             operation: "DeleteBackend", httpStatus: 404, requestId: "…").description
/// // DeleteBackend: NotFoundBackend (HTTP 404, RequestId …): Specified backend does not exist.
/// ```
public struct CallFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public var code: String
    public var message: String
    public var operation: String
    public var httpStatus: Int?
    public var requestId: String?
    public var hostId: String?
    public var retryable: Bool
    public var recommend: String?
    /// `script.lua:12` for failures found before sending (validation, policy), so the message says
    /// which line of which script made the call.
    public var location: String?

    public init(
        code: String, message: String, operation: String, httpStatus: Int? = nil, requestId: String? = nil,
        hostId: String? = nil, retryable: Bool = false, recommend: String? = nil, location: String? = nil
    ) {
        self.code = code
        self.message = message
        self.operation = operation
        self.httpStatus = httpStatus
        self.requestId = requestId
        self.hostId = hostId
        self.retryable = retryable
        self.recommend = recommend
        self.location = location
    }

    /// One line, the same as CloudAPI's errors: `CreateBackend: InvalidParameter.BackendName (HTTP 400,
    /// RequestId …): message`, prefixed by the script line for a refusal before sending:
    /// `deploy.lua:12: CreateBackend: Moongate.InvalidParameter: message`.
    public var description: String {
        let line = CloudAPIError(code: code, message: message, requestId: requestId, hostId: hostId, httpStatus: httpStatus,
                                 action: operation, retryable: retryable, recommend: recommend).description
        return location.map { "\($0): \(line)" } ?? line
    }
}
