// ===----------------------------------------------------------------------===
// QuotaPlan: `--quota 'DescribeBackendInfo=50,Delete*=20,*=100'`, calls per second per operation, as
// the service's Quota Center lists "API Rate Limits" per operation. The first glob that matches an
// operation gives its rate; an operation no glob matches is not limited.
// ===----------------------------------------------------------------------===

import CloudAPI

/// Per-operation rates, in the order given.
///
/// ```swift
/// let plan = try QuotaPlan(parsing: "DescribeBackendInfo=50,Delete*=20,*=100")
/// plan.rate(for: "DeleteBackend")   // 20
/// ```
public struct QuotaPlan: Sendable, Equatable, CustomStringConvertible {
    public struct Rule: Sendable, Equatable {
        public let operations: Glob
        /// Calls per second; also the burst (a bucket holds one second of calls).
        public let perSecond: Double
    }

    public let rules: [Rule]

    public static let none = QuotaPlan(rules: [])

    public init(rules: [Rule]) { self.rules = rules }

    /// Reads `GLOB=RATE,…`; `subject` names where the text came from (`--quota`, the seed file's `Quota`).
    public init(parsing text: String, subject: String = "--quota") throws {
        var rules: [Rule] = []
        for item in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !item.isEmpty {
            let parts = item.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty else {
                throw QuotaPlanError("\(subject): expected OPERATION_GLOB=CALLS_PER_SECOND, comma-separated (got \"\(item)\")")
            }
            guard let rate = Double(parts[1]), rate.isFinite, rate > 0, rate <= 1_000_000 else {
                throw QuotaPlanError("\(subject): \(parts[0]): expected calls per second from above 0 to 1000000 (got \"\(parts[1])\")")
            }
            rules.append(Rule(operations: Glob(parts[0]), perSecond: rate))
        }
        self.rules = rules
    }

    public var isEmpty: Bool { rules.isEmpty }

    /// Calls per second allowed for `operation`, nil when not limited.
    public func rate(for operation: String) -> Double? {
        rules.first { $0.operations.matches(operation) }?.perSecond
    }

    public var description: String {
        rules.map { "\($0.operations.pattern)=\(Self.number($0.perSecond))" }.joined(separator: ",")
    }

    private static func number(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}

public struct QuotaPlanError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
