import CloudAPI
import Foundation

/// `--approved plan.jsonl`: the changes a real run may make. Each mutating call must match an unused
/// entry of the plan (same operation, same parameters as the plan records them); a placeholder id
/// the dry run made up (`dryrun-backendid-1`) matches the real id the approved call that made it
/// returned ("known after apply"). Anything else is refused before it is sent.
///
/// ```swift
/// let approved = try ApprovedPlan(file: PlanFile(contentsOf: "plan.jsonl"))
/// let entry = try approved.claim(operation, wire: wire)   // or throws Moongate.NotApproved
/// approved.completed(entry, response: value)              // binds the entry's placeholders
/// ```
final class ApprovedPlan {
    let file: PlanFile
    /// Calls refused because no entry matched.
    private(set) var refusals = 0
    private var used: [Bool]
    /// Placeholder → the real id it turned out to be.
    private var realIds: [String: String] = [:]
    /// Unused entries whose placeholders are all known, by their matching key, in plan order.
    private var ready: [String: [Int]] = [:]
    /// Entries waiting for a placeholder to become known.
    private var waiting: [String: [Int]] = [:]

    init(file: PlanFile) {
        self.file = file
        used = Array(repeating: false, count: file.entries.count)
        for index in file.entries.indices { enqueue(index) }
    }

    /// The plan's changes a real call can be held to, with the placeholders known so far put in.
    private func resolved(_ index: Int) -> [Plan.WireParameter]? {
        var parameters: [Plan.WireParameter] = []
        for p in file.entries[index].parameters {
            guard p.value.hasPrefix(SyntheticResponse.idPrefix) else { parameters.append(p); continue }
            guard let real = realIds[p.value] else { return nil }
            parameters.append(Plan.WireParameter(name: p.name, value: real))
        }
        return parameters
    }

    private func enqueue(_ index: Int) {
        if let parameters = resolved(index) {
            ready[Self.key(file.entries[index].operation, parameters), default: []].append(index)
        } else {
            for p in file.entries[index].parameters where p.value.hasPrefix(SyntheticResponse.idPrefix) && realIds[p.value] == nil {
                waiting[p.value, default: []].append(index)
                return  // filed again once this one is known
            }
        }
    }

    private static func key(_ operation: String, _ parameters: [Plan.WireParameter]) -> String {
        ([operation] + parameters.map { "\($0.name)=\($0.value)" }.sorted()).joined(separator: "\u{0}")
    }

    /// Takes the first unused entry that matches the call; throws `Moongate.NotApproved` naming the
    /// closest entry (a parameter diff) when none does.
    func claim(_ operation: CloudAPI.Operation, wire: [(String, String)], mask: SecretMask) throws -> Int {
        let parameters = Plan.recorded(wire).map { Plan.WireParameter(name: $0.name, value: mask.scrub($0.value)) }
        let key = Self.key(operation.name, parameters)
        if var candidates = ready[key], !candidates.isEmpty {
            let index = candidates.removeFirst()
            ready[key] = candidates.isEmpty ? nil : candidates
            used[index] = true
            return index
        }
        refusals += 1
        throw CallFailure(code: "Moongate.NotApproved", message: "not in the approved plan \(file.path): \(closest(operation.name, parameters))",
                          operation: operation.name)
    }

    /// After an approved call succeeded: what its placeholders stand for.
    func completed(_ index: Int, response: Value) {
        for (field, placeholder) in file.entries[index].returns {
            guard let real = response[field]?.stringValue, realIds[placeholder] == nil else { continue }
            realIds[placeholder] = real
            for waiter in waiting.removeValue(forKey: placeholder) ?? [] where !used[waiter] { enqueue(waiter) }
        }
    }

    /// Entries no call used: the run did less than was approved.
    var unused: [(number: Int, entry: Plan.Entry)] {
        file.entries.indices.filter { !used[$0] }.map { ($0 + 1, file.entries[$0]) }
    }

    /// `closest approved DeleteBackend (entry 3) differs in BackendId (approved "a…", called "b…")`.
    private func closest(_ operation: String, _ parameters: [Plan.WireParameter]) -> String {
        let called = Dictionary(parameters.map { ($0.name, $0.value) }) { _, last in last }
        var best: (index: Int, differences: [String])?
        for index in file.entries.indices where !used[index] && file.entries[index].operation == operation {
            var approved: [String: String] = [:]
            for p in file.entries[index].parameters { approved[p.name] = realIds[p.value] ?? p.value }
            let differences = Set(approved.keys).union(called.keys).sorted().filter { approved[$0] != called[$0] }.map { name in
                let planned = approved[name].map { value in
                    value.hasPrefix(SyntheticResponse.idPrefix) ? "\(value), made by a change not yet applied" : value
                }
                return "\(name) (approved \(planned.map { "\"\($0)\"" } ?? "unset"), called \(called[name].map { "\"\($0)\"" } ?? "unset"))"
            }
            if best == nil || differences.count < best!.differences.count { best = (index, differences) }
        }
        guard let best else {
            let total = file.entries.filter { $0.operation == operation }.count
            return total == 0 ? "the plan has no \(operation)" : "all \(total) approved \(operation) call\(total == 1 ? " was" : "s were") used already"
        }
        return "closest approved \(operation) (entry \(best.index + 1)) differs in " + best.differences.prefix(3).joined(separator: ", ")
    }
}
