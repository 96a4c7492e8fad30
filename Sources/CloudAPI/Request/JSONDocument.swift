// JSONDocument: a JSON document parameter (BackendModelData) against the shape the catalog gives it.
// One rule for the client (refuses unknown members, with a did-you-mean) and the emulator (drops them,
// as the service stores only its own model); both accept the scalar spellings the service accepts.

/// Conforms JSON documents to a catalog shape.
///
/// ```swift
/// try JSONDocument.conform(.object(["ServiceAdress": "http://x"]), to: .object(Catalog.backendConfig),
///                          path: "BackendModelData", unknownMembers: .reject)
/// // throws: BackendModelData.ServiceAdress is not a field (did you mean ServiceAddress?)
/// ```
public enum JSONDocument {
    /// What to do with a member the shape does not describe.
    public enum UnknownMembers: Sendable { case reject, drop }

    /// Why a document does not fit, at `path` (`BackendModelData.VpcConfig.Port`).
    public struct Mismatch: Error, Sendable, Equatable {
        public let path: String
        public let problem: String
        public let suggestion: String?
        public let isUnknownMember: Bool
    }

    /// The key of a raw document: `["$raw": text]` is sent as is (it must still be JSON), unchecked
    /// against the shape — for fields the catalog does not know yet.
    public static let rawKey = "$raw"

    /// The text of a raw document (`[rawKey: text]`), or nil.
    public static func rawText(_ value: Value) -> String? {
        guard case .object(let members) = value, members.count == 1, case .string(let text)? = members[rawKey] else {
            return nil
        }
        return text
    }

    /// `value` with numeric strings, numbers for strings and "true"/"false" converted as the service
    /// does, and (with `.drop`) unknown members left out; throws the first mismatch.
    public static func conform(_ value: Value, to shape: Shape, path: String,
                               unknownMembers: UnknownMembers) throws -> Value {
        switch (shape, value) {
        case (_, .null):
            return .null
        case (.object(let fields), .object(let members)):
            if unknownMembers == .reject {
                for key in members.keys.sorted() where !fields.contains(where: { $0.name == key }) {
                    throw Mismatch(path: "\(path).\(key)", problem: "not a field",
                                   suggestion: NameSuggestion.closest(to: key, among: fields.map(\.name)), isUnknownMember: true)
                }
            }
            var result: [String: Value] = [:]
            for field in fields {
                guard let member = members[field.name] else { continue }
                let conformed = try conform(member, to: field.shape, path: "\(path).\(field.name)", unknownMembers: unknownMembers)
                if let allowed = field.allowedValues, case .string(let text) = conformed, !allowed.contains(text) {
                    throw Mismatch(path: "\(path).\(field.name)", problem: "expected one of \(allowed.joined(separator: ", "))",
                                   suggestion: nil, isUnknownMember: false)
                }
                result[field.name] = conformed
            }
            return .object(result)
        case (.array, .object(let members)) where members.isEmpty:
            return .array([])  // an empty Lua table
        case (.array(let element), .array(let items)):
            return .array(try items.enumerated().map {
                try conform($1, to: element, path: "\(path)[\($0 + 1)]", unknownMembers: unknownMembers)
            })
        case (.string, .string), (.boolean, .bool), (.integer, .int), (.double, .double), (.double, .int):
            return value
        case (.integer, .double(let number)) where number.rounded() == number && abs(number) < 9.0e15:
            return .int(Int64(number))
        case (.string, .int(let number)):
            return .string(String(number))
        case (.integer, .string(let text)) where Int64(text) != nil:
            return .int(Int64(text)!)
        case (.boolean, .string(let text)) where ["true", "false"].contains(text.lowercased()):
            return .bool(text.lowercased() == "true")
        default:
            throw Mismatch(path: path, problem: "expected \(article(shape.typeName)) (got \(value.typeName))",
                           suggestion: nil, isUnknownMember: false)
        }
    }

    private static func article(_ typeName: String) -> String {
        (typeName.first.map { "aeiou".contains($0) } ?? false ? "an " : "a ") + typeName
    }
}
