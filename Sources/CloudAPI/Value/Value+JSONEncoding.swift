// ===----------------------------------------------------------------------===
// Value → JSON, by hand: integers as integers, doubles in their shortest round-trip form (always
// with a "." or an exponent, so they read back as doubles), non-ASCII text as raw UTF-8.
// ===----------------------------------------------------------------------===

import Foundation

extension Value {
    /// How `jsonData`/`jsonString` lay out their output.
    public struct JSONFormat: Sendable, Equatable {
        /// Object keys in code-point order, so the same value always gives the same bytes.
        public var sortedKeys: Bool
        /// One member per line, indented by `indentWidth` spaces per level.
        public var pretty: Bool
        /// Spaces per nesting level when `pretty`.
        public var indentWidth: Int
        /// Wider indents are clamped: level × width must stay small (it overflowed, or took gigabytes).
        public static let maxIndentWidth = 16
        /// The longest text to write, or nil: a longer one throws instead of growing (a caller's memory
        /// budget; it may overshoot by one string).
        public var maxBytes: Int?

        public init(sortedKeys: Bool = true, pretty: Bool = false, indentWidth: Int = 2) {
            self.sortedKeys = sortedKeys
            self.pretty = pretty
            self.indentWidth = min(max(0, indentWidth), Self.maxIndentWidth)
        }

        public static let compact = JSONFormat()
        public static let pretty = JSONFormat(pretty: true)
    }

    /// The value as UTF-8 JSON bytes. Throws for NaN and infinities, which JSON cannot hold.
    ///
    /// ```swift
    /// try Value.object(["b": 1, "a": 1.5]).jsonString()   // {"a":1.5,"b":1}
    /// ```
    public func jsonBytes(_ format: JSONFormat = .compact) throws -> [UInt8] {
        var writer = JSONWriter(format: format)
        try writer.write(self, indent: 0)
        return writer.output
    }

    /// The value as UTF-8 JSON in a `Data`.
    public func jsonData(_ format: JSONFormat = .compact) throws -> Data {
        Data(try jsonBytes(format))
    }

    /// The value as JSON text.
    public func jsonString(_ format: JSONFormat = .compact) throws -> String {
        String(decoding: try jsonBytes(format), as: UTF8.self)
    }
}

struct JSONWriter {
    let format: Value.JSONFormat
    var output: [UInt8] = []

    init(format: Value.JSONFormat) { self.format = format }

    mutating func write(_ value: Value, indent: Int) throws {
        if let maxBytes = format.maxBytes, output.count > maxBytes {
            throw JSONError.textTooLong(maxBytes)
        }
        switch value {
        case .null: append("null")
        case .bool(let b): append(b ? "true" : "false")
        case .int(let i): append(String(i))
        case .double(let d): try writeDouble(d)
        case .string(let s): writeString(s)
        case .array(let elements):
            if elements.isEmpty { append("[]"); return }
            output.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                newline(indent + 1)
                try write(element, indent: indent + 1)
            }
            newline(indent)
            output.append(UInt8(ascii: "]"))
        case .object(let members):
            if members.isEmpty { append("{}"); return }
            output.append(UInt8(ascii: "{"))
            let keys = format.sortedKeys ? members.keys.sorted(by: Self.codePointOrder) : Array(members.keys)
            for (index, key) in keys.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                newline(indent + 1)
                writeString(key)
                append(format.pretty ? ": " : ":")
                try write(members[key]!, indent: indent + 1)
            }
            newline(indent)
            output.append(UInt8(ascii: "}"))
        }
    }

    /// Plain code-point order (UTF-8 byte order), not Swift's Unicode-aware String comparison.
    static func codePointOrder(_ a: String, _ b: String) -> Bool { a.utf8.lexicographicallyPrecedes(b.utf8) }

    private mutating func writeDouble(_ d: Double) throws {
        guard d.isFinite else { throw JSONError("\(d) cannot be written as JSON (not a finite number)", offset: nil) }
        // Swift's description is the shortest text that reads back to the same double; integral
        // values print as "1.0" and large/small ones with an exponent ("1e+16"), both valid JSON.
        append(d.description)
    }

    private mutating func writeString(_ s: String) {
        output.append(UInt8(ascii: "\""))
        for byte in s.utf8 {
            switch byte {
            case UInt8(ascii: "\""): append("\\\"")
            case UInt8(ascii: "\\"): append("\\\\")
            case 0x0A: append("\\n")
            case 0x0D: append("\\r")
            case 0x09: append("\\t")
            case 0x08: append("\\b")
            case 0x0C: append("\\f")
            case 0x00..<0x20:
                append("\\u00")
                output.append(Hex.lowercaseDigits[Int(byte >> 4)])
                output.append(Hex.lowercaseDigits[Int(byte & 0x0F)])
            default: output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
    }

    private mutating func newline(_ level: Int) {
        guard format.pretty else { return }
        output.append(0x0A)
        output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: level * format.indentWidth))
    }

    private mutating func append(_ text: String) { output.append(contentsOf: text.utf8) }
}

// MARK: - Description

extension Value: CustomStringConvertible {
    /// Compact JSON with sorted keys (non-finite doubles, which JSON cannot hold, print as Swift does).
    public var description: String {
        if let text = try? jsonString() { return text }
        if case .double(let d) = self { return d.description }
        return "\(typeName) holding a non-finite number"
    }
}
