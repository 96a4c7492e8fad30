import CloudAPI

/// The one rule for which field names hold secrets (Password, SecretKey, AccessKeySecret, SecurityToken,
/// a Nacos `AccessKey`…). Audit lines, plan lines, `moongate.log` and `inspect` all redact with it.
///
/// ```swift
/// SecretFields.isSecret("Password")          // true
/// SecretFields.isSecret("AccessKeyId")       // false: an id is not a secret
/// SecretFields.redacting(.object(["Password": "x"]))  // {"Password": "***"}
/// ```
public enum SecretFields {
    public static let mask = SecretMask.mask

    private static let secretWords = ["password", "passwd", "secret", "token", "credential", "privatekey"]

    public static func isSecret(_ name: String) -> Bool {
        let lower = name.lowercased()
        if secretWords.contains(where: lower.contains) { return true }
        // `AccessKey` alone is a key secret in some configs (Nacos); `AccessKeyId` is only an id.
        return lower.hasSuffix("accesskey")
    }

    /// A copy of `value` with every secret-named field's value replaced by `***`, at any depth —
    /// also inside a string that holds a JSON document (`BackendModelData` given as text).
    public static func redacting(_ value: Value) -> Value {
        switch value {
        case .string(let text):
            return .string(redacting(jsonText: text))
        case .object(let fields):
            var copy: [String: Value] = [:]
            for (name, field) in fields {
                copy[name] = isSecret(name) ? .string(mask) : redacting(field)
            }
            return .object(copy)
        case .array(let items):
            return .array(items.map(redacting))
        default:
            return value
        }
    }

    /// The string values of secret-named fields in `value`, at any depth (also inside JSON text), so
    /// that they are masked by value wherever else they show up.
    public static func secretValues(in value: Value) -> [String] {
        switch value {
        case .string(let text):
            return jsonDocument(text).map(secretValues) ?? []
        case .object(let fields):
            return fields.flatMap { name, field -> [String] in
                guard isSecret(name) else { return secretValues(in: field) }
                if case .string(let secret) = field { return [secret] }
                return secretValues(in: field)
            }
        case .array(let items):
            return items.flatMap(secretValues)
        default:
            return []
        }
    }

    /// `text` with secret-named fields masked when it is a JSON object or array; otherwise unchanged.
    public static func redacting(jsonText text: String) -> String {
        guard let document = jsonDocument(text) else { return text }
        let masked = redacting(document)
        guard masked != document, let redacted = try? masked.jsonString() else { return text }
        return redacted
    }

    /// `text` parsed when it holds a JSON object or array (after any JSON whitespace), else nil.
    private static func jsonDocument(_ text: String) -> Value? {
        let whitespace: Set<UInt8> = [0x20, 0x09, 0x0A, 0x0D]
        guard let first = text.utf8.first(where: { !whitespace.contains($0) }),
              first == UInt8(ascii: "{") || first == UInt8(ascii: "[") else { return nil }
        return try? Value(json: text)
    }
}
