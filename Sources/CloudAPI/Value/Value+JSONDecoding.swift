// ===----------------------------------------------------------------------===
// JSON → Value, by hand: integers stay Int64, anything with a fraction or exponent is a Double,
// strings are validated UTF-8, and errors say which byte stopped the reader.
// ===----------------------------------------------------------------------===

import Foundation

extension Value {
    /// Reads one JSON document (RFC 8259). Surrounding whitespace is allowed, trailing data is not.
    ///
    /// Integers that fit Int64 become `.int`; larger ones and numbers with a fraction or exponent
    /// become `.double`. `-0` is kept as `.double(-0.0)` so its sign survives a round trip.
    ///
    /// ```swift
    /// let v = try Value(json: Array(#"{"a":1,"b":1.0}"#.utf8))   // a: .int(1), b: .double(1.0)
    /// ```
    public init<Bytes: Collection>(json bytes: Bytes) throws where Bytes.Element == UInt8 {
        var reader = JSONReader(Array(bytes))
        self = try reader.readDocument()
    }

    /// Reads one JSON document from a string.
    public init(json text: String) throws {
        try self.init(json: Array(text.utf8))
    }
}

/// A recursive-descent reader over UTF-8 bytes.
struct JSONReader {
    /// Deeper documents are refused rather than risking the stack.
    static let maximumDepth = 512

    private let bytes: [UInt8]
    private var position = 0
    private var depth = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    mutating func readDocument() throws -> Value {
        skipWhitespace()
        let value = try readValue()
        skipWhitespace()
        if position < bytes.count { throw unexpected() }
        return value
    }

    // MARK: - Values

    private mutating func readValue() throws -> Value {
        guard position < bytes.count else { throw JSONError("unexpected end of input", offset: position) }
        switch bytes[position] {
        case UInt8(ascii: "{"): return try readObject()
        case UInt8(ascii: "["): return try readArray()
        case UInt8(ascii: "\""): return .string(try readString())
        case UInt8(ascii: "t"): try expectWord("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectWord("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectWord("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try readNumber()
        default: throw unexpected()
        }
    }

    private mutating func readObject() throws -> Value {
        try enter()
        position += 1
        var members: [String: Value] = [:]
        skipWhitespace()
        if peek(UInt8(ascii: "}")) { position += 1; depth -= 1; return .object(members) }
        while true {
            skipWhitespace()
            guard peek(UInt8(ascii: "\"")) else { throw expected("a string key") }
            let key = try readString()
            skipWhitespace()
            guard peek(UInt8(ascii: ":")) else { throw expected("\":\"") }
            position += 1
            skipWhitespace()
            members[key] = try readValue()  // a repeated key: the last one wins, as in most readers
            skipWhitespace()
            if peek(UInt8(ascii: ",")) { position += 1; continue }
            if peek(UInt8(ascii: "}")) { position += 1; break }
            throw expected("\",\" or \"}\"")
        }
        depth -= 1
        return .object(members)
    }

    private mutating func readArray() throws -> Value {
        try enter()
        position += 1
        var elements: [Value] = []
        skipWhitespace()
        if peek(UInt8(ascii: "]")) { position += 1; depth -= 1; return .array(elements) }
        while true {
            skipWhitespace()
            elements.append(try readValue())
            skipWhitespace()
            if peek(UInt8(ascii: ",")) { position += 1; continue }
            if peek(UInt8(ascii: "]")) { position += 1; break }
            throw expected("\",\" or \"]\"")
        }
        depth -= 1
        return .array(elements)
    }

    private mutating func enter() throws {
        depth += 1
        if depth > Self.maximumDepth {
            throw JSONError("nesting deeper than \(Self.maximumDepth) levels", offset: position)
        }
    }

    // MARK: - Numbers

    private mutating func readNumber() throws -> Value {
        let start = position
        var isInteger = true
        if peek(UInt8(ascii: "-")) { position += 1 }
        guard position < bytes.count, isDigit(bytes[position]) else { throw expected("a digit") }
        if bytes[position] == UInt8(ascii: "0") {
            position += 1
            if position < bytes.count, isDigit(bytes[position]) { throw JSONError("leading zero in a number", offset: start) }
        } else {
            while position < bytes.count, isDigit(bytes[position]) { position += 1 }
        }
        if peek(UInt8(ascii: ".")) {
            isInteger = false
            position += 1
            guard position < bytes.count, isDigit(bytes[position]) else { throw expected("a digit after \".\"") }
            while position < bytes.count, isDigit(bytes[position]) { position += 1 }
        }
        if peek(UInt8(ascii: "e")) || peek(UInt8(ascii: "E")) {
            isInteger = false
            position += 1
            if peek(UInt8(ascii: "+")) || peek(UInt8(ascii: "-")) { position += 1 }
            guard position < bytes.count, isDigit(bytes[position]) else { throw expected("a digit in the exponent") }
            while position < bytes.count, isDigit(bytes[position]) { position += 1 }
        }
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        if isInteger {
            if text == "-0" { return .double(-0.0) }
            if let integer = Int64(text) { return .int(integer) }
        }
        guard let double = Double(text), double.isFinite else {
            throw JSONError("number out of range", offset: start)
        }
        return .double(double)
    }

    // MARK: - Strings

    /// Strings are decoded from byte runs (most have no escape at all, so that is one UTF-8 check and
    /// one copy); escapes add their scalar's UTF-8 to the run.
    private mutating func readString() throws -> String {
        position += 1  // opening quote
        let start = position
        var unescaped: [UInt8]?  // only once an escape is seen
        var runStart = position
        while true {
            guard position < bytes.count else { throw JSONError("unterminated string", offset: position) }
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                let text: String?
                if var collected = unescaped {
                    collected += bytes[runStart..<position]
                    text = String(validating: collected, as: UTF8.self)
                } else {
                    text = String(validating: bytes[start..<position], as: UTF8.self)
                }
                guard let text else { throw JSONError("invalid UTF-8 in a string", offset: start) }
                position += 1
                return text
            }
            if byte < 0x20 { throw JSONError("control character in a string", offset: position) }
            if byte != UInt8(ascii: "\\") { position += 1; continue }
            var collected = unescaped ?? []
            collected += bytes[runStart..<position]
            collected += String(try readEscape()).utf8
            unescaped = collected
            runStart = position
        }
    }

    private mutating func readEscape() throws -> Unicode.Scalar {
        let escapeStart = position
        position += 1
        guard position < bytes.count else { throw JSONError("unterminated string", offset: position) }
        let letter = bytes[position]
        position += 1
        switch letter {
        case UInt8(ascii: "\""): return "\""
        case UInt8(ascii: "\\"): return "\\"
        case UInt8(ascii: "/"): return "/"
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "u"):
            let high = try readHex4()
            if (0xD800...0xDBFF).contains(high) {
                guard peek(UInt8(ascii: "\\")), position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: "u") else {
                    throw JSONError("unpaired surrogate \\u\(hex(high))", offset: escapeStart)
                }
                position += 2
                let low = try readHex4()
                guard (0xDC00...0xDFFF).contains(low) else {
                    throw JSONError("unpaired surrogate \\u\(hex(high))", offset: escapeStart)
                }
                return Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))!
            }
            if (0xDC00...0xDFFF).contains(high) {
                throw JSONError("unpaired surrogate \\u\(hex(high))", offset: escapeStart)
            }
            return Unicode.Scalar(high)!
        default:
            throw JSONError("invalid escape \"\\\(Character(Unicode.Scalar(letter)))\"", offset: escapeStart)
        }
    }

    private mutating func readHex4() throws -> UInt32 {
        guard position + 4 <= bytes.count else { throw JSONError("unterminated \\u escape", offset: position) }
        var result: UInt32 = 0
        for _ in 0..<4 {
            guard let digit = Hex.value(of: bytes[position]) else {
                throw JSONError("invalid hex digit in a \\u escape", offset: position)
            }
            result = result << 4 | UInt32(digit)
            position += 1
        }
        return result
    }

    // MARK: - Small helpers

    private mutating func expectWord(_ word: StaticString) throws {
        let start = position
        let count = word.utf8CodeUnitCount
        guard position + count <= bytes.count else { throw JSONError("unexpected end of input", offset: bytes.count) }
        for index in 0..<count where bytes[position + index] != word.utf8Start[index] {
            throw JSONError("invalid literal", offset: start)
        }
        position += count
    }

    private mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    private func peek(_ byte: UInt8) -> Bool { position < bytes.count && bytes[position] == byte }
    private func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
    private func hex(_ value: UInt32) -> String { String(value, radix: 16, uppercase: true) }

    private func unexpected() -> JSONError {
        guard position < bytes.count else { return JSONError("unexpected end of input", offset: position) }
        let byte = bytes[position]
        let shown = (0x21...0x7E).contains(byte) ? "\"\(Character(Unicode.Scalar(byte)))\"" : "byte 0x\(String(byte, radix: 16))"
        return JSONError("unexpected character \(shown)", offset: position)
    }

    private func expected(_ what: String) -> JSONError {
        guard position < bytes.count else { return JSONError("unexpected end of input (expected \(what))", offset: position) }
        return JSONError("\(unexpected().problem) (expected \(what))", offset: position)
    }
}
