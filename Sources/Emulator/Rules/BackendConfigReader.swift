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
    /// model), converts numeric strings and `"true"`, and sets `Type` to the backend type.
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
        guard case .object(var config) = try conform(document, to: .object(fields), path: "BackendModelData") else {
            return .object(["Type": .string(type)])
        }
        config["Type"] = .string(type)
        return .object(config)
    }

    private static func conform(_ value: Value, to shape: Shape, path: String) throws -> Value {
        switch (shape, value) {
        case (_, .null):
            return .null
        case (.object(let fields), .object(let members)):
            var result: [String: Value] = [:]
            for field in fields {
                if let member = members[field.name] {
                    result[field.name] = try conform(member, to: field.shape, path: "\(path).\(field.name)")
                }
            }
            return .object(result)
        case (.array(let element), .array(let items)):
            return .array(try items.enumerated().map { try conform($1, to: element, path: "\(path)[\($0)]") })
        case (.string, .string), (.boolean, .bool), (.integer, .int), (.double, .double), (.double, .int):
            return value
        case (.string, .int(let number)):
            return .string(String(number))
        case (.integer, .string(let text)) where Int64(text) != nil:
            return .int(Int64(text)!)
        case (.boolean, .string(let text)) where ["true", "false"].contains(text.lowercased()):
            return .bool(text.lowercased() == "true")
        default:
            throw ServiceError.invalidParameter("BackendModelData", "\(path): expected \(shape.typeName), got \(value.typeName)")
        }
    }
}
