// LuaValue+JSON: JSON text ↔ LuaValue. Integers stay integers; keys are sorted for stable output.


extension LuaValue {
    /// JSON text for the value. `.nil` is `null`; map keys must be strings or numbers (written as
    /// strings); NaN, infinity and invalid UTF-8 are refused.
    ///
    /// ```swift
    /// try LuaValue.map(["a": [1, 2.5]]).jsonText()   // {"a":[1,2.5]}
    /// ```
    public func jsonText(_ options: JSONOptions = .init()) throws -> String {
        var out: [UInt8] = []
        try writeJSON(into: &out, options: options, depth: 0)
        return String(decoding: out, as: UTF8.self)
    }

    private func writeJSON(into out: inout [UInt8], options: JSONOptions, depth: Int) throws {
        switch self {
        case .nil: out += Array("null".utf8)
        case .bool(let b): out += Array((b ? "true" : "false").utf8)
        case .int(let i): out += Array(String(i).utf8)
        case .double(let d):
            guard d.isFinite else { throw JSONError.encode("cannot encode \(d) (JSON has no NaN or infinity)") }
            out += Array("\(d)".utf8)
        case .string(let bytes): try Self.writeJSONString(bytes, into: &out)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                Self.newline(&out, options, depth + 1)
                try item.writeJSON(into: &out, options: options, depth: depth + 1)
            }
            if !items.isEmpty { Self.newline(&out, options, depth) }
            out.append(UInt8(ascii: "]"))
        case .map(let fields):
            var keyed: [([UInt8], LuaValue)] = []
            for (key, value) in fields {
                switch key {
                case .string(let b): keyed.append((b, value))
                case .int(let i): keyed.append((Array(String(i).utf8), value))
                case .double(let d) where d.isFinite: keyed.append((Array("\(d)".utf8), value))
                default: throw JSONError.encode("cannot encode a \(key.typeName) key as a JSON object key")
                }
            }
            keyed.sort { $0.0.lexicographicallyPrecedes($1.0) }
            out.append(UInt8(ascii: "{"))
            for (i, (key, value)) in keyed.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                Self.newline(&out, options, depth + 1)
                try Self.writeJSONString(key, into: &out)
                out.append(UInt8(ascii: ":"))
                if options.indent > 0 { out.append(UInt8(ascii: " ")) }
                try value.writeJSON(into: &out, options: options, depth: depth + 1)
            }
            if !keyed.isEmpty { Self.newline(&out, options, depth) }
            out.append(UInt8(ascii: "}"))
        }
    }

    private static func newline(_ out: inout [UInt8], _ options: JSONOptions, _ depth: Int) {
        guard options.indent > 0 else { return }
        out.append(UInt8(ascii: "\n"))
        out += [UInt8](repeating: UInt8(ascii: " "), count: options.indent * depth)
    }

    private static func writeJSONString(_ bytes: [UInt8], into out: inout [UInt8]) throws {
        // Decoding repairs invalid UTF-8, so a lossless round trip means the bytes were valid.
        guard Array(String(decoding: bytes, as: UTF8.self).utf8) == bytes else { throw JSONError.encode("cannot encode a string that is not valid UTF-8") }
        out.append(UInt8(ascii: "\""))
        let hex = Array("0123456789abcdef".utf8)
        for b in bytes {
            switch b {
            case UInt8(ascii: "\""): out += [92, 34]
            case UInt8(ascii: "\\"): out += [92, 92]
            case 0x0A: out += [92, UInt8(ascii: "n")]
            case 0x0D: out += [92, UInt8(ascii: "r")]
            case 0x09: out += [92, UInt8(ascii: "t")]
            case 0..<0x20: out += Array("\\u00".utf8) + [hex[Int(b >> 4)], hex[Int(b & 15)]]
            default: out.append(b)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
