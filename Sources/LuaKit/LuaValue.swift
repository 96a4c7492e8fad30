// LuaValue: the one value shape that crosses the Lua ↔ Swift boundary.

/// A JSON-like value converted once at the Lua boundary.
///
/// Integers stay integers (`.int`), strings are bytes (zero bytes and invalid UTF-8 survive),
/// and a Lua table becomes `.array` (keys exactly 1...n) or `.map` (anything else).
///
/// ```swift
/// let v: LuaValue = .map(["name": "demo", "ports": .array([80, 443])])
/// v["name"]?.text   // "demo"
/// ```
///
/// Inside tables, `.nil` stands for JSON null: it is pushed to Lua as the `null` sentinel
/// (a light userdata, `moongate.json.null`) so that arrays keep their length.
public enum LuaValue: Hashable, Sendable {
    case `nil`
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string([UInt8])
    case array([LuaValue])
    case map([LuaValue: LuaValue])
}

// MARK: - Convenience constructors and accessors

extension LuaValue {
    /// A string value from Swift text (UTF-8 bytes).
    public static func text(_ s: String) -> LuaValue { .string(Array(s.utf8)) }

    /// The string as Swift text, when it is a string (invalid UTF-8 is repaired with U+FFFD).
    public var text: String? {
        if case .string(let bytes) = self { return String(decoding: bytes, as: UTF8.self) }
        return nil
    }

    public var isNil: Bool { if case .nil = self { return true } else { return false } }

    public var boolValue: Bool? { if case .bool(let b) = self { return b } else { return nil } }

    /// The integer, also for a float with an exact integer value (as Lua's `math.tointeger`).
    public var intValue: Int64? {
        switch self {
        case .int(let i): return i
        case .double(let d): return Int64(exactly: d)
        default: return nil
        }
    }

    public var doubleValue: Double? {
        switch self {
        case .int(let i): return Double(i)
        case .double(let d): return d
        default: return nil
        }
    }

    public var arrayValue: [LuaValue]? { if case .array(let a) = self { return a } else { return nil } }

    /// The map, also for an empty array (an empty Lua table is both).
    public var mapValue: [LuaValue: LuaValue]? {
        switch self {
        case .map(let m): return m
        case .array(let a) where a.isEmpty: return [:]
        default: return nil
        }
    }

    /// Field of a map by string key; `nil` when absent or not a map.
    public subscript(key: String) -> LuaValue? {
        if case .map(let m) = self { return m[.text(key)] }
        return nil
    }

    /// Lua's name for the value's type ("nil", "boolean", "number", "string", "table").
    public var typeName: String {
        switch self {
        case .nil: return "nil"
        case .bool: return "boolean"
        case .int, .double: return "number"
        case .string: return "string"
        case .array, .map: return "table"
        }
    }
}

// MARK: - Literals

extension LuaValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral,
    ExpressibleByDictionaryLiteral
{
    public init(nilLiteral: ()) { self = .nil }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(stringLiteral value: String) { self = .text(value) }
    public init(arrayLiteral elements: LuaValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (LuaValue, LuaValue)...) {
        self = .map(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}
