import CloudAPI
import Foundation
import Synchronization

/// What a dry run would have sent: every mutating call, in order, with its wire parameters exactly as
/// the real run would send them (so a dry run's plan and a real run's calls can be compared).
///
/// ```swift
/// let plan = Plan()
/// plan.add(operation: "CreateBackend", wire: [("BackendName", "orders"), ("BackendType", "HTTP")])
/// plan.entries[0].line   // PLAN CreateBackend BackendName=orders BackendType=HTTP
/// ```
public final class Plan: Sendable {
    public struct Entry: Sendable, Equatable {
        public let operation: String
        /// Wire parameters (`Apis.1.ApiId=…`), secrets redacted (also inside JSON documents).
        public let parameters: [WireParameter]

        public var line: String {
            (["PLAN", operation] + parameters.map { "\($0.name)=\(Self.quotedIfNeeded($0.value))" }).joined(separator: " ")
        }

        /// `a b` → `"a b"`, so a line splits back into its parameters.
        static func quotedIfNeeded(_ value: String) -> String {
            guard value.isEmpty || value.contains(where: { $0 == " " || $0 == "\"" || $0 == "\n" }) else { return value }
            return "\"" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                .replacingOccurrences(of: "\n", with: "\\n") + "\""
        }

        public var json: Value {
            .object([
                "operation": .string(operation),
                "parameters": .object(Dictionary(parameters.map { ($0.name, Value.string($0.value)) },
                                                 uniquingKeysWith: { _, last in last })),
            ])
        }
    }

    public struct WireParameter: Sendable, Equatable {
        public let name: String
        public let value: String
    }

    private let collected = Mutex<[Entry]>([])

    public init() {}

    public var entries: [Entry] { collected.withLock { $0 } }

    @discardableResult
    public func add(operation: String, wire: [(String, String)]) -> Entry {
        let parameters = wire.map { name, value in
            WireParameter(name: name, value: SecretFields.isSecret(name) ? SecretFields.mask : SecretFields.redacting(jsonText: value))
        }
        let entry = Entry(operation: operation, parameters: parameters)
        collected.withLock { $0.append(entry) }
        return entry
    }

    /// The end-of-run summary: how many calls of each operation the plan holds.
    public var summary: String {
        let entries = self.entries
        if entries.isEmpty { return "PLAN: no changes (dry run)" }
        var counts: [String: Int] = [:]
        var order: [String] = []
        for entry in entries {
            if counts[entry.operation] == nil { order.append(entry.operation) }
            counts[entry.operation, default: 0] += 1
        }
        let parts = order.map { "\(counts[$0]!) \($0)" }
        return "PLAN: \(entries.count) change\(entries.count == 1 ? "" : "s") not sent (dry run): " + parts.joined(separator: ", ")
    }

    /// Writes the plan as JSON lines (`--plan FILE`).
    /// - Parameter mask: secret values to mask, on top of the secret-named fields already masked.
    public func write(toFile path: String, mask: SecretMask? = nil) throws {
        let lines = try entries.map { try $0.json.jsonString() }
        let text = lines.joined(separator: "\n") + (lines.isEmpty ? "" : "\n")
        try AtomicFile.write(Array((mask?.scrub(text) ?? text).utf8), to: path)
    }
}
