// ===----------------------------------------------------------------------===
// Value: the one JSON-like value type every module shares (requests, responses, Lua, emulator).
// ===----------------------------------------------------------------------===

/// A JSON-like value that keeps integers and doubles apart, so `42` stays an integer and `1.0`
/// stays a double all the way from a response body to a Lua table and back.
///
/// ```swift
/// let v: Value = ["BackendName": "orders", "PageSize": 50, "Tags": ["a", "b"]]
/// v["PageSize"]?.intValue          // 50
/// try v.jsonString()               // {"BackendName":"orders","PageSize":50,"Tags":["a","b"]}
/// ```
public enum Value: Sendable, Equatable, Hashable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([Value])
    case object([String: Value])

    // MARK: - Accessors

    /// A short type name for humans and error messages: `null`, `boolean`, `integer`, `number`,
    /// `string`, `array`, `object` (the same words `Shape.typeName` uses).
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .int: "integer"
        case .double: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    public var isNull: Bool { if case .null = self { true } else { false } }

    public var boolValue: Bool? { if case .bool(let b) = self { b } else { nil } }

    /// The integer, also for a double that holds a whole number within Int64's range.
    public var intValue: Int64? {
        switch self {
        case .int(let i): return i
        case .double(let d):
            guard d.isFinite, d.rounded(.towardZero) == d, d >= -9.223372036854775808e18, d < 9.223372036854775808e18
            else { return nil }
            return Int64(d)
        default: return nil
        }
    }

    /// The number as a double (integers are converted).
    public var doubleValue: Double? {
        switch self {
        case .int(let i): Double(i)
        case .double(let d): d
        default: nil
        }
    }

    public var stringValue: String? { if case .string(let s) = self { s } else { nil } }
    public var arrayValue: [Value]? { if case .array(let a) = self { a } else { nil } }
    public var objectValue: [String: Value]? { if case .object(let o) = self { o } else { nil } }

    /// The member of an object (nil for a missing key or a non-object).
    public subscript(key: String) -> Value? {
        if case .object(let o) = self { o[key] } else { nil }
    }

    /// The element of an array (nil when out of range or not an array).
    public subscript(index: Int) -> Value? {
        guard case .array(let a) = self, a.indices.contains(index) else { return nil }
        return a[index]
    }

    /// Follows a path of object keys: `value[path: ["AuthorizedApps", "AuthorizedApp"]]`.
    public subscript(path path: [String]) -> Value? {
        var current: Value? = self
        for key in path { current = current?[key] }
        return current
    }
}

// MARK: - Literals

extension Value: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral,
    ExpressibleByDictionaryLiteral
{
    public init(nilLiteral: ()) { self = .null }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(arrayLiteral elements: Value...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, Value)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}
