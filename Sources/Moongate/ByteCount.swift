// ByteCount: parse sizes such as `64M`, `1G`, `512K` or plain bytes (powers of 1024).

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
