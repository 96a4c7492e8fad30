import CloudAPI
import Foundation

/// `moongate plan show`: a plan for a reviewer — what it was made from, each change in order, and
/// the digest to paste into the approval.
extension PlanFile {
    /// `sha256:3fa1…  plan.jsonl  4 changes (4 DeleteBackend)  made 2026-12-07T03:00:00Z from cleanup.lua`
    public var digestLine: String {
        let changes = "\(entries.count) change\(entries.count == 1 ? "" : "s")" + (entries.isEmpty ? "" : " (\(Plan.counts(entries)))")
        return "sha256:\(sha256)  \(path)  \(changes)  made \(SigningClock.timestamp(madeFrom.time)) from \(madeFrom.script)"
    }

    /// The parameter that says what a change is about (shown as its target), by preference.
    static let targetNames = ["BackendName", "BackendId", "BackendModelId", "ApiProductId", "ApiProductIds", "AppId"]

    /// The aligned table a terminal shows.
    public var table: String {
        var lines = ["Plan \(path) (format \(Plan.formatVersion))", madeFromLine, ""]
        let rows: [[String]] = entries.enumerated().map { number, entry in
            let target = Self.targetNames.lazy.compactMap { name in entry.parameters.first { $0.name == name } }.first
            let rest = entry.parameters.filter { $0.name != target?.name }
                .map { "\($0.name)=\(Self.shortened(Plan.Entry.quotedIfNeeded($0.value)))" }.joined(separator: " ")
            return ["\(number + 1)", entry.operation, target.map { "\($0.name)=\($0.value)" } ?? "-", rest]
        }
        let header = ["#", "Operation", "Target", "Parameters"]
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        for row in [header] + rows {
            let cells = row.indices.map { column in
                column == row.count - 1 ? row[column] : row[column].padding(toLength: widths[column], withPad: " ", startingAt: 0)
            }
            lines.append(cells.joined(separator: "  ").trimmingCharacters(in: .whitespaces))
        }
        if entries.isEmpty { lines.append("(no changes)") }
        return (lines + ["", digestLine]).joined(separator: "\n")
    }

    /// One JSON object, for pipes: path, sha256, digest line, made_from and the changes.
    public var json: String {
        let value = Value.object([
            "path": .string(path), "sha256": .string(sha256), "digest": .string(digestLine),
            "made_from": madeFrom.json, "changes": .array(entries.map(\.json)),
        ])
        return (try? value.jsonString()) ?? "{}"
    }

    private var madeFromLine: String {
        var parts = ["made \(SigningClock.timestamp(madeFrom.time)) by moongate \(madeFrom.moongateVersion)",
                     "from \(madeFrom.script) (sha256 \(madeFrom.scriptSHA256.prefix(12))…)"]
        if !madeFrom.modules.isEmpty { parts.append("modules " + madeFrom.modules.map(\.name).joined(separator: ", ")) }
        if !madeFrom.params.isEmpty {
            parts.append("-p " + madeFrom.params.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " -p "))
        }
        for (name, value) in [("region", madeFrom.region), ("endpoint", madeFrom.endpoint), ("account", madeFrom.account)] {
            if let value { parts.append("\(name) \(value)") }
        }
        return parts.joined(separator: ", ")
    }

    private static func shortened(_ text: String) -> String {
        text.count <= 60 ? text : String(text.prefix(57)) + "..."
    }
}
