// ===----------------------------------------------------------------------===
// An HTTP response → the response object, or a CloudAPIError: JSON error bodies are read field
// by field; non-JSON, truncated or oversized bodies give a clear error with the HTTP status and
// the first bytes, never a crash.
// ===----------------------------------------------------------------------===

import Foundation

/// Reads one response of one attempt.
enum ResponseReader {
    /// How much of an unreadable body an error quotes.
    static let excerptLength = 120

    static func read(
        status: Int, body: [UInt8], retryAfterHeader: String?, action: String, secrets: SecretMask
    ) -> Result<Value, CloudAPIError> {
        let parsed: Value
        do {
            parsed = try Value(json: body)
        } catch {
            return .failure(unreadable(
                status: status, body: body, reason: body.isEmpty ? "empty response body" : "response is not JSON (\(error))",
                retryAfterHeader: retryAfterHeader, action: action, secrets: secrets))
        }
        guard case .object(let members) = parsed else {
            return .failure(unreadable(
                status: status, body: body, reason: "response is JSON but not an object",
                retryAfterHeader: retryAfterHeader, action: action, secrets: secrets))
        }
        if (200...299).contains(status) { return .success(parsed) }

        // The SDK reads Code/Message/RequestId, accepting lower-case spellings as well.
        func field(_ names: String...) -> String? {
            for name in names { if let text = members[name]?.stringValue, !text.isEmpty { return text } }
            return nil
        }
        let code = field("Code", "code") ?? "HTTP\(status)"
        let wait = retryAfter(retryAfterHeader)
        return .failure(CloudAPIError(
            code: code,
            message: secrets.scrub(field("Message", "message") ?? "the service answered HTTP \(status) without a message"),
            requestId: field("RequestId", "requestId"),
            hostId: field("HostId", "hostId"),
            httpStatus: status,
            action: action,
            retryable: CloudAPIError.isTransient(code: code, httpStatus: status) || wait != nil,
            recommend: field("Recommend", "recommend"),
            retryAfterMilliseconds: wait))
    }

    /// `Moongate.InvalidResponse` with the status and the first bytes of the body.
    static func unreadable(
        status: Int, body: [UInt8], reason: String, retryAfterHeader: String?, action: String, secrets: SecretMask
    ) -> CloudAPIError {
        var excerpt = String(decoding: body.prefix(excerptLength), as: UTF8.self)
            .map { $0.isNewline ? " " : String($0) }.joined()
        if body.count > excerptLength { excerpt += "…" }
        let quoted = body.isEmpty ? "" : ", first bytes: \"\(secrets.scrub(excerpt))\""
        return CloudAPIError(
            code: "Moongate.InvalidResponse",
            message: "\(reason) (HTTP \(status)\(quoted))",
            httpStatus: status, action: action,
            retryable: CloudAPIError.isTransient(code: "", httpStatus: status),
            retryAfterMilliseconds: retryAfter(retryAfterHeader))
    }

    /// A positive integer number of milliseconds, as the SDK reads `x-acs-retry-after`.
    static func retryAfter(_ header: String?) -> Int? {
        guard let header, let milliseconds = Int(header.trimmingCharacters(in: .whitespaces)), milliseconds > 0 else { return nil }
        return milliseconds
    }
}
