// ByteCount: parse sizes such as `64M`, `1G`, `512K` or plain bytes (powers of 1024), and durations (`24h`).

/// Parses a byte count: digits with an optional K, M or G suffix (case-insensitive, an optional
/// trailing B or iB). Returns nil for anything else.
///
/// ```swift
/// parseByteCount("64M")   // 67_108_864
/// ```
public func parseByteCount(_ text: String) -> Int? {
    var s = text.trimmingWhitespace().uppercased()
    if s.hasSuffix("IB") { s.removeLast(2) } else if s.hasSuffix("B") { s.removeLast() }
    var multiplier = 1
    switch s.last {
    case "K": multiplier = 1 << 10
    case "M": multiplier = 1 << 20
    case "G": multiplier = 1 << 30
    default: break
    }
    if multiplier != 1 { s.removeLast() }
    guard !s.isEmpty, s.allSatisfy(\.isASCII), let n = Int(s), n > 0 else { return nil }
    let (product, overflow) = n.multipliedReportingOverflow(by: multiplier)
    return overflow ? nil : product
}

extension String {
    fileprivate func trimmingWhitespace() -> String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}

/// `67108864` → `64M`; sizes that are not a whole K, M or G print as bytes.
public func formatByteCount(_ n: Int) -> String {
    for (suffix, unit) in [("G", 1 << 30), ("M", 1 << 20), ("K", 1 << 10)] where n % unit == 0 && n >= unit {
        return "\(n / unit)\(suffix)"
    }
    return "\(n) bytes"
}

/// Parses a duration as cleanup's `older_than` reads it: a number with an optional s, m, h, d or w
/// suffix (`24h`, `90m`, `2d`; no suffix: seconds). Returns nil for anything else.
///
/// ```swift
/// parseDuration("24h")   // 86400
/// ```
public func parseDuration(_ text: String) -> Double? {
    var s = text.trimmingWhitespace().lowercased()
    let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604_800]
    var multiplier = 1.0
    if let last = s.last, let unit = units[last] { multiplier = unit; s.removeLast() }
    guard !s.isEmpty, s.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }), let n = Double(s), n >= 0 else { return nil }
    return n * multiplier
}
