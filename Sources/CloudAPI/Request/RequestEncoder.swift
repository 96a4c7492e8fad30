// ===----------------------------------------------------------------------===
// Typed values → wire parameters, exactly as the official SDK sends them (RPC style: every
// parameter in the query string), validating against the catalog on the way so that nothing is
// sent when a parameter is missing, misspelt, of the wrong type or outside its allowed values.
// ===----------------------------------------------------------------------===

/// Turns an operation's parameters into the `(name, value)` pairs of the query string.
///
/// - plain: `BackendName=orders`; integers as decimal text, booleans `true`/`false`
/// - repeat-list: `Apis.1.ApiId=…&Apis.1.StageName=…`, `AppIds.1=…` (1-based, recursive)
/// - comma-joined: `ApiProductIds=id1,id2`
/// - JSON string: a string as is (it must be JSON), or an object/array encoded with sorted keys
///
/// ```swift
/// let op = Catalog.operation(named: "DetachApiProduct")!
/// try RequestEncoder.wireParameters(operation: op, parameters: [
///     "ApiProductId": "p1", "Apis": [["ApiId": "a1", "StageName": "RELEASE"]],
/// ])
/// // [("ApiProductId", "p1"), ("Apis.1.ApiId", "a1"), ("Apis.1.StageName", "RELEASE")]
/// ```
public enum RequestEncoder {
    /// The pairs in catalog order (list items in their own order). A `.null` value counts as absent,
    /// as the SDK drops `None`. Throws `ParameterError` for the first problem found; unknown names
    /// are reported first, so a misspelt required parameter reads as a typo, not as missing.
    public static func wireParameters(operation: Operation, parameters: [String: Value]) throws -> [(String, String)] {
        let known = operation.parameters.map(\.name)
        for name in parameters.keys.sorted() where operation.parameter(named: name) == nil {
            throw ParameterError(
                .unknown, operation: operation.name, parameter: name, problem: "is not a parameter",
                suggestion: NameSuggestion.closest(to: name, among: known))
        }
        var walker = Walker(operation: operation.name)
        for parameter in operation.parameters {
            guard let value = parameters[parameter.name], !value.isNull else {
                if parameter.required {
                    throw ParameterError(.missing, operation: operation.name, parameter: parameter.name, problem: "is missing")
                }
                continue
            }
            try walker.encode(parameter, value)
        }
        return walker.pairs
    }
}

// MARK: - The walk

/// Walks one request's values against their shapes, collecting wire pairs.
private struct Walker {
    let operation: String
    var pairs: [(String, String)] = []

    init(operation: String) { self.operation = operation }

    mutating func encode(_ parameter: Parameter, _ value: Value) throws {
        let name = parameter.name
        switch parameter.transport {
        case .plain:
            pairs.append((name, try scalarText(value, parameter.shape, parameter.allowedValues, path: name)))
        case .repeatList:
            try requireNonEmptyList(value, parameter, path: name)
            try flatten(value, parameter.shape, allowedValues: parameter.allowedValues, wire: name, path: name)
        case .commaJoined:
            try requireNonEmptyList(value, parameter, path: name)
            guard case .array(let element) = parameter.shape else { preconditionFailure("comma-joined \(name) is not a list") }
            var texts: [String] = []
            for (index, item) in listElements(value).enumerated() {
                let itemPath = "\(name)[\(index + 1)]"
                let text = try scalarText(item, element, parameter.allowedValues, path: itemPath)
                if text.contains(",") { throw problem(.invalid, itemPath, "expected no \",\" in an item (the list is sent comma-joined)") }
                texts.append(text)
            }
            pairs.append((name, texts.joined(separator: ",")))
        case .jsonString:
            pairs.append((name, try jsonText(value, document: parameter.document, path: name)))
        }
    }

    /// The SDK's flattening: objects as `Prefix.Field`, arrays as `Prefix.N` (1-based), recursively.
    mutating func flatten(_ value: Value, _ shape: Shape, allowedValues: [String]?, wire: String, path: String) throws {
        switch shape {
        case .object(let fields):
            guard case .object(let members) = value else { throw wrongType(value, "an object", path) }
            for key in members.keys.sorted() where !fields.contains(where: { $0.name == key }) {
                throw ParameterError(
                    .unknown, operation: operation, parameter: "\(path).\(key)", problem: "not a field",
                    suggestion: NameSuggestion.closest(to: key, among: fields.map(\.name)))
            }
            for field in fields {
                guard let member = members[field.name], !member.isNull else { continue }
                try flatten(member, field.shape, allowedValues: field.allowedValues,
                            wire: "\(wire).\(field.name)", path: "\(path).\(field.name)")
            }
        case .array(let element):
            guard isList(value) else { throw wrongType(value, "a list", path) }
            for (index, item) in listElements(value).enumerated() {
                try flatten(item, element, allowedValues: allowedValues,
                            wire: "\(wire).\(index + 1)", path: "\(path)[\(index + 1)]")
            }
        case .string, .integer, .boolean, .double:
            pairs.append((wire, try scalarText(value, shape, allowedValues, path: path)))
        }
    }

    // MARK: Scalars

    func scalarText(_ value: Value, _ shape: Shape, _ allowedValues: [String]?, path: String) throws -> String {
        switch shape {
        case .string:
            guard case .string(let text) = value else { throw wrongType(value, "a string", path) }
            if let allowedValues, !allowedValues.contains(text) {
                throw problem(.notAllowed, path, "expected one of \(allowedValues.joined(separator: ", ")) (got \(show(value)))")
            }
            return text
        case .integer:
            // A whole double is accepted (Lua and JSON callers may hold 10 as 10.0); text is not.
            guard let integer = value.intValue else { throw wrongType(value, "an integer", path) }
            return String(integer)
        case .boolean:
            guard case .bool(let flag) = value else { throw wrongType(value, "a boolean", path) }
            return flag ? "true" : "false"
        case .double:
            guard let number = value.doubleValue, number.isFinite else { throw wrongType(value, "a number", path) }
            if case .int(let integer) = value { return String(integer) }
            return number.description
        case .object, .array:
            preconditionFailure("\(path): a structured shape where the catalog says scalar")
        }
    }

    /// The document's text: a string as is, a structure encoded; checked against `document` when the
    /// catalog gives its shape, unless it is raw (`JSONDocument.rawKey`).
    func jsonText(_ value: Value, document: Shape?, path: String) throws -> String {
        if let raw = JSONDocument.rawText(value) {
            _ = try parseDocument(raw, path: path)
            return raw
        }
        let text: String
        let parsed: Value
        switch value {
        case .string(let string):
            text = string
            parsed = try parseDocument(string, path: path)
        case .object, .array:
            parsed = value
            do { text = try value.jsonString() } catch {
                throw problem(.invalid, path, "expected a value JSON can hold (\(error))")
            }
        default:
            throw wrongType(value, "a JSON string, an object or a list", path)
        }
        guard let document else { return text }
        do {
            _ = try JSONDocument.conform(parsed, to: document, path: path, unknownMembers: .reject)
        } catch let mismatch as JSONDocument.Mismatch {
            if mismatch.isUnknownMember, mismatch.suggestion != nil {
                throw ParameterError(.unknown, operation: operation, parameter: mismatch.path, problem: mismatch.problem,
                                     suggestion: mismatch.suggestion)
            }
            let hint = mismatch.isUnknownMember ? " the catalog knows (a document it does not describe yet can be sent raw, unchecked)" : ""
            throw problem(.invalid, mismatch.path, mismatch.problem + hint)
        }
        return text
    }

    func parseDocument(_ text: String, path: String) throws -> Value {
        do { return try Value(json: text) } catch {
            throw problem(.invalid, path, "expected a JSON document (\(error))")
        }
    }

    // MARK: Helpers

    /// An empty object counts as an empty list: a Lua `{}` has no way to say which it is.
    func isList(_ value: Value) -> Bool {
        switch value {
        case .array: true
        case .object(let members): members.isEmpty
        default: false
        }
    }

    func listElements(_ value: Value) -> [Value] { value.arrayValue ?? [] }

    func requireNonEmptyList(_ value: Value, _ parameter: Parameter, path: String) throws {
        guard isList(value) else { throw wrongType(value, "a list", path) }
        if parameter.required, listElements(value).isEmpty { throw problem(.invalid, path, "expected at least one item (got none)") }
    }

    func wrongType(_ value: Value, _ expected: String, _ path: String) -> ParameterError {
        problem(.wrongType, path, "expected \(expected) (got \(value.typeName)\(value.isScalar ? " " + show(value) : ""))")
    }

    func problem(_ kind: ParameterError.Kind, _ path: String, _ text: String) -> ParameterError {
        ParameterError(kind, operation: operation, parameter: path, problem: text)
    }

    /// A short rendering of a scalar for messages: `"HTTPS"`, `2.5`, `true`.
    func show(_ value: Value) -> String {
        switch value {
        case .string(let text): "\"\(text.count > 40 ? String(text.prefix(40)) + "…" : text)\""
        case .int(let i): String(i)
        case .double(let d): d.description
        case .bool(let b): b ? "true" : "false"
        default: value.typeName
        }
    }
}

extension Value {
    var isScalar: Bool {
        switch self {
        case .array, .object, .null: false
        default: true
        }
    }
}
