import CloudAPI
import Foundation

/// A dry run's view of backends and backend models once the plan's changes are made: the plan's
/// creates, modifications and deletes applied in order, so that a read in a dry run answers what the
/// real run would see (a backend the plan creates has the model the plan gives it; one it deletes
/// is gone from lists and answers NotFoundBackend).
///
/// ```swift
/// let state = PlannedState()
/// state.apply("CreateBackend", request: ["BackendName": "orders", "BackendType": "HTTP"], response: ["BackendId": "dryrun-backendid-1"])
/// state.answer("DescribeBackendInfo", request: ["BackendId": "dryrun-backendid-1"])   // .response(BackendInfo …)
/// ```
final class PlannedState {
    enum Answer {
        case response(Value)
        /// The plan deletes it: the service would answer NotFoundBackend.
        case gone
    }

    /// Backends the plan creates, by placeholder id, in the order it creates them.
    private var created: [String: [String: Value]] = [:]
    private var createdOrder: [String] = []
    /// Fields the plan changes on backends that exist (ModifyBackend).
    private var modified: [String: [String: Value]] = [:]
    private var deleted: Set<String> = []
    /// Models the plan adds, by backend id; models it removes or changes, by model id.
    private var addedModels: [String: [[String: Value]]] = [:]
    private var removedModels: Set<String> = []
    private var modelEdits: [String: [String: Value]] = [:]
    /// Changes with every planned change to a backend or model: a cached listing is stale once it moves.
    private(set) var version = 0

    var isUntouched: Bool { version == 0 }

    // MARK: - Planned changes

    func apply(_ operation: String, request: [String: Value], response: Value) {
        let now = Value.string(SigningClock.timestamp(Date()))
        let id = request["BackendId"]?.stringValue ?? ""
        switch operation {
        case "CreateBackend":
            guard let newId = response["BackendId"]?.stringValue else { return }
            var fields: [String: Value] = ["BackendId": .string(newId), "CreatedTime": now, "ModifiedTime": now,
                                           "Description": request["Description"] ?? .string(""), "Tags": .array(Self.tags(request["Tag"]))]
            for name in ["BackendName", "BackendType"] { fields[name] = request[name] ?? .string("") }
            created[newId] = fields
            createdOrder.append(newId)
        case "ModifyBackend":
            var changes: [String: Value] = ["ModifiedTime": now]
            for name in ["BackendName", "BackendType", "Description"] { if let value = request[name] { changes[name] = value } }
            if created[id] != nil { created[id]!.merge(changes) { $1 } } else { modified[id, default: [:]].merge(changes) { $1 } }
        case "DeleteBackend":
            if created.removeValue(forKey: id) != nil { createdOrder.removeAll { $0 == id } }
            deleted.insert(id)
        case "CreateBackendModel":
            guard let modelId = response["BackendModelId"]?.stringValue else { return }
            var model: [String: Value] = ["BackendModelId": .string(modelId), "GmtCreate": now, "GmtModified": now,
                                          "Description": request["Description"] ?? .string("")]
            model["StageName"] = request["StageName"] ?? .string("")
            model["BackendConfig"] = Self.document(request["BackendModelData"])
            addedModels[id, default: []].append(model)
        case "ModifyBackendModel":
            guard let modelId = request["BackendModelId"]?.stringValue else { return }
            var changes: [String: Value] = ["GmtModified": now]
            if let description = request["Description"] { changes["Description"] = description }
            if let stage = request["StageName"] { changes["StageName"] = stage }
            if let data = request["BackendModelData"] { changes["BackendConfig"] = Self.document(data) }
            modelEdits[modelId, default: [:]].merge(changes) { $1 }
        case "DeleteBackendModel":
            guard let modelId = request["BackendModelId"]?.stringValue else { return }
            removedModels.insert(modelId)
        default:
            return
        }
        version += 1
    }

    // MARK: - Reads

    /// The answer, when the planned state alone knows it; nil when the service must be asked.
    func answer(_ operation: String, request: [String: Value]) -> Answer? {
        guard let id = request["BackendId"]?.stringValue else { return nil }
        if deleted.contains(id) {
            return ["DescribeBackendInfo", "DescribeApisByBackend"].contains(operation) ? .gone : nil
        }
        guard operation == "DescribeBackendInfo", var backend = created[id] else { return nil }
        backend["Tags"] = nil
        backend["BackendModels"] = .array(models(of: id, existing: []))
        return .response(.object(["BackendInfo": .object(backend), "RequestId": .string("dryrun-request-planned")]))
    }

    /// DescribeBackendInfo of a backend that exists, with the plan's changes to it and its models.
    func patchInfo(_ response: Value) -> Value {
        guard case .object(var body) = response, case .object(var info)? = body["BackendInfo"],
              let id = info["BackendId"]?.stringValue else { return response }
        info.merge(modified[id] ?? [:]) { $1 }
        var existing: [[String: Value]] = []
        if case .array(let items)? = info["BackendModels"] { existing = items.compactMap(\.objectValue) }
        info["BackendModels"] = .array(models(of: id, existing: existing))
        body["BackendInfo"] = .object(info)
        return .object(body)
    }

    private func models(of backend: String, existing: [[String: Value]]) -> [Value] {
        (existing + (addedModels[backend] ?? [])).compactMap { model in
            guard let modelId = model["BackendModelId"]?.stringValue, !removedModels.contains(modelId) else { return nil }
            return .object(model.merging(modelEdits[modelId] ?? [:]) { $1 })
        }
    }

    /// DescribeBackendList, given every backend the service lists for the request's tags: the plan's
    /// changes applied, the request's filters, then the request's page of it.
    func listing(_ all: [Value], request: [String: Value]) -> Value {
        var items: [Value] = all.compactMap { item in
            guard case .object(var fields) = item, let id = fields["BackendId"]?.stringValue, !deleted.contains(id) else { return nil }
            fields.merge(modified[id] ?? [:]) { $1 }
            return Self.matches(fields, request) ? .object(fields) : nil
        }
        items += createdOrder.compactMap { created[$0] }.filter { Self.matches($0, request) }.map(Value.object)
        let size = max(1, Int(Self.integer(request["PageSize"]) ?? 10))
        let number = max(1, Int(Self.integer(request["PageNumber"]) ?? 1))
        let start = min(items.count, (number - 1).multipliedReportingOverflow(by: size).overflow ? items.count : (number - 1) * size)
        let page = Array(items[start..<min(items.count, start + size)])
        return .object(["BackendInfoList": .array(page), "TotalCount": .int(Int64(items.count)), "PageNumber": .int(Int64(number)),
                        "PageSize": .int(Int64(size)), "RequestId": .string("dryrun-request-planned")])
    }

    /// The service's filters of DescribeBackendList (BackendName exact or with `*`, BackendType, every Tag).
    private static func matches(_ backend: [String: Value], _ request: [String: Value]) -> Bool {
        if let name = request["BackendName"]?.stringValue {
            let actual = backend["BackendName"]?.stringValue ?? ""
            if name.contains("*") ? !Glob(name).matches(actual) : name != actual { return false }
        }
        if let type = request["BackendType"]?.stringValue, backend["BackendType"]?.stringValue != type { return false }
        let tags = tags(backend["Tags"])
        for wanted in Self.tags(request["Tag"]) {
            guard tags.contains(where: { $0["Key"] == wanted["Key"] && (wanted["Value"] == nil || $0["Value"] == wanted["Value"]) }) else { return false }
        }
        return true
    }

    private static func tags(_ value: Value?) -> [Value] {
        guard case .array(let items)? = value else { return [] }
        return items.filter { $0["Key"] != nil }
    }

    private static func document(_ value: Value?) -> Value {
        if case .string(let text)? = value, let parsed = try? Value(json: Array(text.utf8)) { return parsed }
        return value ?? .object([:])
    }

    private static func integer(_ value: Value?) -> Int64? {
        value?.intValue ?? value?.stringValue.flatMap { Int64($0) }
    }
}
