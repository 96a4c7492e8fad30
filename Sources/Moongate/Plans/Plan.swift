import CloudAPI
import Foundation
import Synchronization

/// What a dry run would have sent: every mutating call, in order, with its wire parameters exactly as
/// the real run would send them (so a dry run's plan and a real run's calls can be compared, and
/// `--approved` can hold a real run to it).
///
/// The file (`--plan FILE`) is JSON lines: a first line saying what the plan was made from
/// (`{"moongate_plan":1,"made_from":{…}}`, see PlanProvenance), then one line per change.
///
/// ```swift
/// let plan = Plan()
/// plan.add(operation: "CreateBackend", wire: [("BackendName", "orders"), ("BackendType", "HTTP")])
/// plan.entries[0].line   // PLAN CreateBackend BackendName=orders BackendType=HTTP
/// ```
public final class Plan: Sendable {
    /// The plan file's format version (its first line's `moongate_plan`).
    public static let formatVersion: Int64 = 1

    public struct Entry: Sendable, Equatable {
        public let operation: String
        /// Wire parameters (`Apis.1.ApiId=…`), secrets redacted (also inside JSON documents).
        public let parameters: [WireParameter]
        /// The placeholder ids the dry run answered with (`BackendId: dryrun-backendid-1`): the real
        /// run's answer to this call tells what they stand for.
        public let returns: [String: String]

        public init(operation: String, parameters: [WireParameter], returns: [String: String] = [:]) {
            self.operation = operation
            self.parameters = parameters
            self.returns = returns
        }

        /// `PLAN DeleteBackend BackendId=…`: the dry run's line for it.
        public var line: String { "PLAN " + change }

        /// `DeleteBackend BackendId=…`: the operation and its parameters, quoted where needed.
        public var change: String {
            ([operation] + parameters.map { "\($0.name)=\(Self.quotedIfNeeded($0.value))" }).joined(separator: " ")
        }

        /// `a b` → `"a b"`, so a line splits back into its parameters.
        static func quotedIfNeeded(_ value: String) -> String {
            guard value.isEmpty || value.contains(where: { $0 == " " || $0 == "\"" || $0 == "\n" }) else { return value }
            return "\"" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                .replacingOccurrences(of: "\n", with: "\\n") + "\""
        }

        public var json: Value {
            var fields: [String: Value] = [
                "operation": .string(operation),
                "parameters": .object(Dictionary(parameters.map { ($0.name, Value.string($0.value)) },
                                                 uniquingKeysWith: { _, last in last })),
            ]
            if !returns.isEmpty { fields["returns"] = .object(returns.mapValues(Value.string)) }
            return .object(fields)
        }

        /// Reads a line written by `json`; nil when it is not one.
        init?(json: Value) {
            guard let operation = json["operation"]?.stringValue, case .object(let parameters)? = json["parameters"] else { return nil }
            var wire: [WireParameter] = []
            for (name, value) in parameters.sorted(by: { $0.key < $1.key }) {
                guard let text = value.stringValue else { return nil }
                wire.append(WireParameter(name: name, value: text))
            }
            var returns: [String: String] = [:]
            if case .object(let fields)? = json["returns"] {
                for (name, value) in fields { if let text = value.stringValue { returns[name] = text } }
            }
            self.init(operation: operation, parameters: wire, returns: returns)
        }
    }

    public struct WireParameter: Sendable, Equatable {
        public let name: String
        public let value: String
    }

    private let collected = Mutex<[Entry]>([])

    public init() {}

    public var entries: [Entry] { collected.withLock { $0 } }

    /// Wire parameters as a plan records them: secret-named ones masked, secret fields inside JSON
    /// documents masked (what `--approved` compares a real call's parameters with, too).
    public static func recorded(_ wire: [(String, String)]) -> [WireParameter] {
        wire.map { name, value in
            WireParameter(name: name, value: SecretFields.isSecret(name) ? SecretFields.mask : SecretFields.redacting(jsonText: value))
        }
    }

    @discardableResult
    public func add(operation: String, wire: [(String, String)], returns: [String: String] = [:]) -> Entry {
        let entry = Entry(operation: operation, parameters: Self.recorded(wire), returns: returns)
        collected.withLock { $0.append(entry) }
        return entry
    }

    /// The end-of-run summary: how many calls of each operation the plan holds.
    public var summary: String {
        let entries = self.entries
        if entries.isEmpty { return "PLAN: no changes (dry run)" }
        return "PLAN: \(entries.count) change\(entries.count == 1 ? "" : "s") not sent (dry run): " + Self.counts(entries)
    }

    /// `2 DeleteBackendModel, 1 DeleteBackend`: each operation once, in the order it first appears.
    static func counts(_ entries: [Entry]) -> String {
        var counts: [String: Int] = [:]
        var order: [String] = []
        for entry in entries {
            if counts[entry.operation] == nil { order.append(entry.operation) }
            counts[entry.operation, default: 0] += 1
        }
        return order.map { "\(counts[$0]!) \($0)" }.joined(separator: ", ")
    }

    /// Writes the plan as JSON lines (`--plan FILE`): what it was made from, then the changes.
    /// - Parameter mask: secret values to mask, on top of the secret-named fields already masked.
    public func write(toFile path: String, madeFrom: PlanProvenance, mask: SecretMask? = nil) throws {
        let header = Value.object(["moongate_plan": .int(Self.formatVersion), "made_from": madeFrom.json])
        let lines = try [header.jsonString()] + entries.map { try $0.json.jsonString() }
        let text = lines.joined(separator: "\n") + "\n"
        try AtomicFile.write(Array((mask?.scrub(text) ?? text).utf8), to: path)
    }
}
