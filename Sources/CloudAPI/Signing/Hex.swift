// ===----------------------------------------------------------------------===
// Hex digits both ways, shared by the signers (hex digests, nonces, `%XX`) and the JSON reader and
// writer (`\uXXXX`), so there is one table and one digit reader.
// ===----------------------------------------------------------------------===

/// ```swift
/// Hex.value(of: UInt8(ascii: "b"))   // 11
/// [0xAB, 0x01].hexString             // "ab01"
/// ```
enum Hex {
    static let lowercaseDigits = Array("0123456789abcdef".utf8)
    static let uppercaseDigits = Array("0123456789ABCDEF".utf8)

    /// The value of one ASCII hex digit (either case); nil for any other byte.
    static func value(of byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

extension Sequence where Element == UInt8 {
    /// Lower-case hex, two digits per byte.
    var hexString: String {
        var output: [UInt8] = []
        output.reserveCapacity(underestimatedCount * 2)
        for byte in self {
            output.append(Hex.lowercaseDigits[Int(byte >> 4)])
            output.append(Hex.lowercaseDigits[Int(byte & 0x0F)])
        }
        return String(decoding: output, as: UTF8.self)
    }
}
