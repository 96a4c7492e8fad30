// CallFailure+Conversions: from CloudAPI's errors, and to the fields of a Lua error object.
import CloudAPI
import LuaKit

extension CallFailure {
    /// The failure a script sees for an error thrown by the CloudAPI client.
    init(_ error: Error, operation: String) {
        switch error {
        case let failure as CallFailure:
            self = failure
        case let api as CloudAPIError:
            self.init(code: api.code, message: api.message, operation: operation, httpStatus: api.httpStatus,
                      requestId: api.requestId, hostId: api.hostId, retryable: api.retryable, recommend: api.recommend)
        case let parameter as ParameterError:
            self.init(code: parameter.code, message: parameter.message, operation: operation)
        default:
            self.init(code: "Moongate.Error", message: "\(error)", operation: operation)
        }
    }

    /// `code`, `message`, `operation`, `request_id`, `http_status`, `host_id`, `retryable`, `recommend`,
    /// `location`, and `summary` (the one line `tostring(err)` shows).
    var luaFields: LuaValue {
        var fields: [LuaValue: LuaValue] = [
            "code": .text(code), "message": .text(message), "operation": .text(operation),
            "retryable": .bool(retryable), "summary": .text(description),
        ]
        if let httpStatus { fields["http_status"] = .int(Int64(httpStatus)) }
        if let requestId { fields["request_id"] = .text(requestId) }
        if let hostId { fields["host_id"] = .text(hostId) }
        if let recommend { fields["recommend"] = .text(recommend) }
        if let location { fields["location"] = .text(location) }
        return .map(fields)
    }
}
