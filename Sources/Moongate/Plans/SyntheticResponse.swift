import CloudAPI

/// The response a dry run returns for a mutating call it did not send: the operation's response shape
/// from the catalog, filled with placeholder values so the script can go on (`BackendId` becomes
/// `dryrun-backendid-1`, counts become 0, lists empty).
///
/// ```swift
/// var ids = SyntheticResponse.IdSequence()
/// SyntheticResponse.make(for: Catalog.operation(named: "CreateBackend")!, ids: &ids)
/// // ["BackendId": "dryrun-backendid-1", "RequestId": "dryrun-request-1"]
/// ```
public enum SyntheticResponse {
    /// Numbers the placeholder ids of one run, so two dry-run creates get two different ids.
    public struct IdSequence {
        private var next = 0
        public init() {}
        mutating func take() -> Int { next += 1; return next }
    }

    /// A response for `operation`; a field named like a request parameter echoes the request's value
    /// (DescribeBackendInfo of a planned backend answers with that backend's id).
    public static func make(for operation: Operation, request: [String: Value] = [:], ids: inout IdSequence) -> Value {
        let number = ids.take()
        return object(operation.response, request: request, number: number)
    }

    /// True when a request names something only a dry run's plan holds (an id this type made up).
    public static func refersToPlannedResource(_ request: [String: Value]) -> Bool {
        func planned(_ value: Value) -> Bool {
            switch value {
            case .string(let s): s.hasPrefix(idPrefix)
            case .array(let items): items.contains(where: planned)
            case .object(let fields): fields.values.contains(where: planned)
            default: false
            }
        }
        return request.values.contains(where: planned)
    }

    static let idPrefix = "dryrun-"

    /// The made-up ids a response carries at its top level (`BackendId: dryrun-backendid-1`), which
    /// the plan records so that a real run can learn what each stands for.
    static func placeholders(in response: Value) -> [String: String] {
        guard case .object(let fields) = response else { return [:] }
        var found: [String: String] = [:]
        for (name, value) in fields where name != "RequestId" {
            if let text = value.stringValue, text.hasPrefix(idPrefix) { found[name] = text }
        }
        return found
    }

    private static func object(_ fields: [Field], request: [String: Value], number: Int) -> Value {
        var result: [String: Value] = [:]
        for field in fields {
            result[field.name] = placeholder(field, request: request, number: number)
        }
        return .object(result)
    }

    private static func placeholder(_ field: Field, request: [String: Value], number: Int) -> Value {
        if field.name != "RequestId", let echoed = request[field.name], !echoed.isNull, field.shape.fields.isEmpty {
            return echoed
        }
        switch field.shape {
        case .string:
            if field.name == "RequestId" { return .string("dryrun-request-\(number)") }
            if field.name.hasSuffix("Id") || field.name.hasSuffix("Uid") {
                return .string("\(idPrefix)\(field.name.lowercased())-\(number)")
            }
            return .string(field.allowedValues?.first ?? "")
        case .integer: return .int(0)
        case .double: return .double(0)
        case .boolean: return .bool(false)
        case .array: return .array([])
        case .object(let fields): return object(fields, request: request, number: number)
        }
    }
}
