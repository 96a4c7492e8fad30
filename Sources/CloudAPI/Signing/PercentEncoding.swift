// ===----------------------------------------------------------------------===
// Percent-encoding as the signers need it (RFC 3986), and form-decoding of a raw query string as a
// server receiving SDK requests needs it (the Python SDK sends `+` for space on the wire).
// ===----------------------------------------------------------------------===

/// RFC 3986 percent-encoding exactly as the official SDK canonicalises: only `A-Z a-z 0-9 - _ . ~`
/// stay bare; every other UTF-8 byte becomes `%XX` with uppercase hex.
///
/// ```swift
/// PercentEncoding.encode("a b*c~/")                 // "a%20b%2Ac~%2F"
/// PercentEncoding.decodeQuery("A=x+y&B=%E6%B5%8B")  // [("A", "x y"), ("B", "测")]
/// ```
public enum PercentEncoding {
    // MARK: - Encoding

    /// Encodes every byte outside the unreserved set.
    public static func encode(_ text: String) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            if isUnreserved(byte) {
                output.append(byte)
            } else {
                output.append(UInt8(ascii: "%"))
                output.append(Hex.uppercaseDigits[Int(byte >> 4)])
                output.append(Hex.uppercaseDigits[Int(byte & 0x0F)])
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// A query string from ordered pairs, each side encoded with `encode`: `A=1&B=x%20y`.
    public static func encodeQuery(_ pairs: [(String, String)]) -> String {
        pairs.map { "\(encode($0.0))=\(encode($0.1))" }.joined(separator: "&")
    }

    static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"),
            UInt8(ascii: "."), UInt8(ascii: "~"):
            true
        default: false
        }
    }

    // MARK: - Decoding

    /// Splits a raw query string (without `?`) into ordered pairs, form-decoding each side: `+` is a
    /// space and `%XX` a byte. A key without `=` gets an empty value; empty segments are skipped.
    /// Malformed `%` sequences are kept literally, and invalid UTF-8 becomes U+FFFD, so a server
    /// can still answer with a signature error rather than fail to read the request.
    public static func decodeQuery(_ query: some StringProtocol) -> [(String, String)] {
        query.split(separator: "&", omittingEmptySubsequences: true).map { segment in
            if let equals = segment.firstIndex(of: "=") {
                return (decode(segment[..<equals]), decode(segment[segment.index(after: equals)...]))
            }
            return (decode(segment), "")
        }
    }

    /// Decodes one form-encoded component (`+` → space, `%XX` → byte).
    public static func decode(_ component: some StringProtocol, plusAsSpace: Bool = true) -> String {
        let bytes = Array(component.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%"), index + 2 < bytes.count,
                let high = Hex.value(of: bytes[index + 1]), let low = Hex.value(of: bytes[index + 2])
            {
                output.append(high << 4 | low)
                index += 3
            } else if byte == UInt8(ascii: "+"), plusAsSpace {
                output.append(UInt8(ascii: " "))
                index += 1
            } else {
                output.append(byte)
                index += 1
            }
        }
        return String(decoding: output, as: UTF8.self)
    }
}
