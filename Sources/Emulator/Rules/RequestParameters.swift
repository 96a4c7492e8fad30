// ===----------------------------------------------------------------------===
// Catalog-driven reading of a request's query into typed values: the same walk for all 19
// operations, so the emulator's checks cannot drift from the catalog that the client validates with.
// ===----------------------------------------------------------------------===

import CloudAPI
import Foundation

/// An operation's parameters, read from the (form-decoded) query and checked against the catalog:
/// required ones present, integers and booleans well-formed, enum values allowed, JSON documents
/// parseable. Unknown names are ignored, as the service ignores the common parameters any Alibaba
/// RPC client adds (RegionId, Format, Version, SignatureMethod…).
///
/// ```swift
/// let params = try RequestParameters(operation: op, query: ["BackendName": "a", "BackendType": "HTTP"])
/// params.string("BackendName")   // "a"
/// ```
struct RequestParameters: Sendable {
    let values: [String: Value]

    init(operation: CloudAPI.Operation, query: [String: String]) throws {
        var values: [String: Value] = [:]
        for parameter in operation.parameters {
            if let value = try Self.read(parameter, from: query) {
                values[parameter.name] = value
            } else if parameter.required {
                throw ServiceError.missingParameter(parameter.name)
            }
        }
        self.values = values
    }

    // MARK: - Accessors (handlers only ask for what the catalog declared)

    func string(_ name: String) -> String? { values[name]?.stringValue }
    func int(_ name: String) -> Int64? { values[name]?.intValue }
    func bool(_ name: String) -> Bool? { values[name]?.boolValue }
    func list(_ name: String) -> [Value] { values[name]?.arrayValue ?? [] }

    /// A parameter the catalog marks required (so reading has already ensured it is there).
    func required(_ name: String) throws -> String {
        guard let value = string(name) else { throw ServiceError.missingParameter(name) }
        return value
    }

    // MARK: - Reading one parameter

    private static func read(_ parameter: Parameter, from query: [String: String]) throws -> Value? {
        switch parameter.transport {
        case .plain:
            guard let text = query[parameter.name], !text.isEmpty else { return nil }
            return try scalar(text, parameter.field, name: parameter.name)
        case .jsonString:
            guard let text = query[parameter.name], !text.isEmpty else { return nil }
            do {
                _ = try Value(json: text)
            } catch {
                throw ServiceError.invalidParameter(parameter.name, "not a JSON document: \(error)")
            }
            return .string(text)
        case .commaJoined:
            guard let text = query[parameter.name], !text.isEmpty else { return nil }
            let element = Field(parameter.name, elementShape(parameter.shape))
            let items = try text.split(separator: ",").map {
                try scalar(String($0).trimmingCharacters(in: .whitespaces), element, name: parameter.name)
            }
            return items.isEmpty ? nil : .array(items)
        case .repeatList:
            return try repeatList(parameter, from: query)
        }
    }

    /// `Name.N` (scalars) or `Name.N.Field` (objects), 1-based; returned in index order.
    private static func repeatList(_ parameter: Parameter, from query: [String: String]) throws -> Value? {
        let prefix = parameter.name + "."
        let element = elementShape(parameter.shape)
        var items: [Int: [String: String]] = [:]
        for (key, text) in query where key.hasPrefix(prefix) {
            let rest = key.dropFirst(prefix.count)
            let parts = rest.split(separator: ".", maxSplits: 1).map(String.init)
            // `Tag.` alone leaves nothing to split: refused like any other bad index.
            guard let index = parts.first.flatMap({ Int($0) }), index >= 1 else {
                throw ServiceError.invalidParameter(key, "list index must be a positive integer")
            }
            items[index, default: [:]][parts.count == 2 ? parts[1] : ""] = text
        }
        guard !items.isEmpty else { return nil }
        var result: [Value] = []
        for index in items.keys.sorted() {
            let members = items[index]!
            let name = "\(parameter.name).\(index)"
            if case .object(let fields) = element {
                var object: [String: Value] = [:]
                for field in fields {
                    if let text = members[field.name], !text.isEmpty {
                        object[field.name] = try scalar(text, field, name: "\(name).\(field.name)")
                    }
                }
                result.append(.object(object))
            } else if let text = members[""] {
                result.append(try scalar(text, Field(name, element), name: name))
            }
        }
        return .array(result)
    }

    /// One scalar by its shape: integers and booleans parsed (booleans as `true`/`True`), enums checked.
    private static func scalar(_ text: String, _ field: Field, name: String) throws -> Value {
        switch field.shape {
        case .integer:
            guard let number = Int64(text) else { throw ServiceError.invalidParameter(name, "\"\(text)\" is not an integer") }
            return .int(number)
        case .boolean:
            switch text.lowercased() {
            case "true": return .bool(true)
            case "false": return .bool(false)
            default: throw ServiceError.invalidParameter(name, "\"\(text)\" is not a boolean")
            }
        case .double:
            guard let number = Double(text) else { throw ServiceError.invalidParameter(name, "\"\(text)\" is not a number") }
            return .double(number)
        default:
            if let allowed = field.allowedValues, !allowed.contains(text) {
                throw ServiceError.invalidParameter(name, "\"\(text)\" is not one of \(allowed.joined(separator: ", "))")
            }
            return .string(text)
        }
    }

    private static func elementShape(_ shape: Shape) -> Shape {
        if case .array(let element) = shape { return element }
        return shape
    }
}
