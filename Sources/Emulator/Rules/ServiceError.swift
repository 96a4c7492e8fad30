// ===----------------------------------------------------------------------===
// The errors the emulator answers with, in the service's shape (Code, Message, HTTP status).
// Codes marked "convention" follow Alibaba Cloud RPC habits but are not confirmed by CloudAPI docs.
// ===----------------------------------------------------------------------===

/// A refusal the emulator sends back as `{"RequestId","HostId","Code","Message","Recommend"}`.
///
/// ```swift
/// throw ServiceError.notFound("NotFoundBackend", "Specified backend does not exist. (BackendId=\(id))")
/// ```
public struct ServiceError: Error, Sendable, Equatable, CustomStringConvertible {
    public let code: String
    public let message: String
    public let httpStatus: Int
    /// Extra response headers (`x-acs-retry-after` for throttling).
    public let headers: [String: String]

    public init(code: String, message: String, httpStatus: Int = 400, headers: [String: String] = [:]) {
        self.code = code
        self.message = message
        self.httpStatus = httpStatus
        self.headers = headers
    }

    public var description: String { "\(code): \(message)" }

    // MARK: - Request checks (convention)

    static func missingParameter(_ name: String) -> ServiceError {
        ServiceError(code: "MissingParameter",
                     message: "The input parameter \"\(name)\" that is mandatory for processing this request is not supplied.")
    }

    static func invalidParameter(_ name: String, _ detail: String) -> ServiceError {
        ServiceError(code: "InvalidParameter", message: "The specified parameter \"\(name)\" is not valid (\(detail)).")
    }

    static func invalidAction(_ action: String) -> ServiceError {
        ServiceError(code: "InvalidAction.NotFound",
                     message: "Specified api is not found, please check your url and method. (Action=\(action))",
                     httpStatus: 404)
    }

    // MARK: - State rules: the patterns of the service's control-API error table (`NotFound%s`,
    // `Repeated%s`, `DependencyViolation%s`, all HTTP 400); the concrete names for these operations
    // are not published, except NotFoundBackend and NotFoundBackendModel (seen in Terraform's provider).

    static func notFound(_ code: String, _ message: String) -> ServiceError {
        ServiceError(code: code, message: message, httpStatus: 400)
    }

    static func conflict(_ code: String, _ message: String) -> ServiceError {
        ServiceError(code: code, message: message, httpStatus: 400)
    }

    static func internalError(_ detail: String) -> ServiceError {
        ServiceError(code: "InternalError",
                     message: "The request processing has failed due to some unknown error, exception or failure. (\(detail))",
                     httpStatus: 500)
    }
}
