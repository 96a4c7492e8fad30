/// Why a JSON document could not be read or written, with the byte offset where reading stopped.
///
/// ```swift
/// do { _ = try Value(json: "[1,]") } catch let error as JSONError {
///     print(error)    // JSON: unexpected character "]" at byte 3
/// }
/// ```
public struct JSONError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, e.g. `unexpected end of input`.
    public let problem: String
    /// The byte offset in the input (nil for encoding errors).
    public let offset: Int?

    public init(_ problem: String, offset: Int?) {
        self.problem = problem
        self.offset = offset
    }

    /// The writer passed `JSONFormat.maxBytes`.
    public static func textTooLong(_ maxBytes: Int) -> JSONError {
        JSONError("text longer than \(maxBytes) bytes", offset: nil)
    }

    public var description: String {
        if let offset { "JSON: \(problem) at byte \(offset)" } else { "JSON: \(problem)" }
    }
}
