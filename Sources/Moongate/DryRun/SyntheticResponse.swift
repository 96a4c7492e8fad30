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

    public static func make(for operation: Operation, ids: inout IdSequence) -> Value {
        let number = ids.take()
        return object(operation.response, number: number)
    }

    private static func object(_ fields: [Field], number: Int) -> Value {
        var result: [String: Value] = [:]
        for field in fields {
            result[field.name] = placeholder(field, number: number)
        }
        return .object(result)
    }

    private static func placeholder(_ field: Field, number: Int) -> Value {
        switch field.shape {
        case .string:
            if field.name == "RequestId" { return .string("dryrun-request-\(number)") }
            if field.name.hasSuffix("Id") || field.name.hasSuffix("Uid") {
                return .string("dryrun-\(field.name.lowercased())-\(number)")
            }
            return .string(field.allowedValues?.first ?? "")
        case .integer: return .int(0)
        case .double: return .double(0)
        case .boolean: return .bool(false)
        case .array: return .array([])
        case .object(let fields): return object(fields, number: number)
        }
    }
}
