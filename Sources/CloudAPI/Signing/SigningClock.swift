// ===----------------------------------------------------------------------===
// The time and nonce formats both signers use: `%Y-%m-%dT%H:%M:%SZ` in UTC, 32 random hex digits.
// ===----------------------------------------------------------------------===

import Foundation

/// Timestamps and nonces in the form the service expects (x-acs-date, V1 `Timestamp`,
/// x-acs-signature-nonce, V1 `SignatureNonce`).
///
/// ```swift
/// SigningClock.timestamp(Date(timeIntervalSince1970: 1704164645))   // "2024-01-02T03:04:05Z"
/// SigningClock.parseTimestamp("2024-01-02T03:04:05Z")               // that Date again
/// ```
public enum SigningClock {
    /// `%Y-%m-%dT%H:%M:%SZ` in UTC (fractions of a second are dropped).
    public static func timestamp(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T"
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
    }

    /// Reads a `%Y-%m-%dT%H:%M:%SZ` timestamp (what a server checks for clock skew); nil otherwise.
    public static func parseTimestamp(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count == 20, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            bytes[10] == UInt8(ascii: "T"), bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"),
            bytes[19] == UInt8(ascii: "Z")
        else { return nil }
        func number(_ range: Range<Int>) -> Int32? {
            var value: Int32 = 0
            for byte in bytes[range] {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int32(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
            let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
            (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
        else { return nil }
        var parts = tm()
        parts.tm_year = year - 1900
        parts.tm_mon = month - 1
        parts.tm_mday = day
        parts.tm_hour = hour
        parts.tm_min = minute
        parts.tm_sec = second
        return Date(timeIntervalSince1970: TimeInterval(timegm(&parts)))
    }

    /// 32 lowercase hex digits from the system's secure random generator.
    public static func nonce() -> String {
        // Two 64-bit draws, not sixteen byte-sized ones: each draw is a getrandom system call.
        var generator = SystemRandomNumberGenerator()
        let words: (UInt64, UInt64) = (generator.next(), generator.next())
        return withUnsafeBytes(of: words) { $0.hexString }
    }
}
