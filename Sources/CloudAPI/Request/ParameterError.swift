// ===----------------------------------------------------------------------===
// ParameterError: a request refused before anything was sent, naming the operation and the
// parameter path (`Apis[2].StageName`), with a "did you mean" for misspelt names.
// ===----------------------------------------------------------------------===

/// A request that failed validation: nothing was signed or sent.
///
/// ```swift
/// do { _ = try RequestEncoder.wireParameters(operation: op, parameters: ["BackendNme": "x"]) }
/// catch let error as ParameterError {
///     print(error)   // CreateBackend: unknown parameter BackendNme (did you mean BackendName?)
/// }
/// ```
public struct ParameterError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        case missing, unknown, wrongType, notAllowed, invalid, unknownOperation
    }

    /// A stable code for scripts: `Moongate.InvalidParameter`, or `Moongate.UnknownOperation`.
    public var code: String { kind == .unknownOperation ? "Moongate.UnknownOperation" : "Moongate.InvalidParameter" }
    public let kind: Kind
    /// The operation's API name (for `.unknownOperation`, the name that was asked for).
    public let operation: String
    /// The parameter path: `BackendName`, `Apis[2].StageName`, `AppIds[3]` (empty for an operation).
    public let parameter: String
    /// What is wrong, without the operation: `expected one of HTTP, VPC (got "HTTPS")`.
    public let problem: String
    /// The closest known name, for a misspelt parameter or operation.
    public let suggestion: String?

    public init(_ kind: Kind, operation: String, parameter: String, problem: String, suggestion: String? = nil) {
        self.kind = kind
        self.operation = operation
        self.parameter = parameter
        self.problem = problem
        self.suggestion = suggestion
    }

    /// The message without the operation: `missing required parameter BackendName`.
    public var message: String {
        let hint = suggestion.map { " (did you mean \($0)?)" } ?? ""
        switch kind {
        case .missing: return "missing required parameter \(parameter)"
        case .unknown: return "unknown parameter \(parameter)\(hint)"
        case .unknownOperation: return "unknown operation \(operation)\(hint)"
        case .wrongType, .notAllowed, .invalid: return "\(parameter): \(problem)"
        }
    }

    /// `CreateBackend: missing required parameter BackendName`.
    public var description: String {
        kind == .unknownOperation ? message : "\(operation): \(message)"
    }
}
