// ===----------------------------------------------------------------------===
// BackendModelData (a JSON document) → the BackendConfig shape DescribeBackendInfo returns. The
// shape is taken from the catalog's DescribeBackendInfo response, so the two never disagree.
// ===----------------------------------------------------------------------===

import CloudAPI

enum BackendConfigReader {
    /// The fields of `BackendInfo.BackendModels[].BackendConfig`, found once in the catalog.
    static let fields: [Field] = {
        let info = Catalog.operation(named: "DescribeBackendInfo")!.response.first { $0.name == "BackendInfo" }!
        let models = info.shape.fields.first { $0.name == "BackendModels" }!
        return models.shape.fields.first { $0.name == "BackendConfig" }!.shape.fields
    }()

    /// Keeps the members the shape knows (unknown ones are dropped, as the service stores only its
    /// model), converts numeric strings and `"true"` (JSONDocument's rule), and sets `Type` to the backend type.
    static func read(_ json: String, type: String) throws -> Value {
        let document: Value
        do {
            document = try Value(json: json)
        } catch {
            throw ServiceError.invalidParameter("BackendModelData", "not a JSON document: \(error)")
        }
        guard case .object = document else {
            throw ServiceError.invalidParameter("BackendModelData", "expected a JSON object, got \(document.typeName)")
        }
        let conformed: Value
        do {
            conformed = try JSONDocument.conform(document, to: .object(fields), path: "BackendModelData", unknownMembers: .drop)
        } catch let mismatch as JSONDocument.Mismatch {
            throw ServiceError.invalidParameter("BackendModelData", "\(mismatch.path) \(mismatch.problem)")
        }
        guard case .object(var config) = conformed else { return .object(["Type": .string(type)]) }
        config["Type"] = .string(type)
        return .object(config)
    }
}
