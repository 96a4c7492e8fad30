// Response shapes: every operation's emulator answer against the catalog's `operation.response`
// (names, JSON types, list envelopes, paging fields), and the service's documented examples
// (Fixtures/examples, copied from help.aliyun.com) against both the catalog and the emulator.
import CloudAPI
import Emulator
import XCTest

final class ResponseShapeTests: EmulatorTestCase {
    /// One call of each of the 19 operations, with data in place so that lists are not empty.
    func answers() async throws -> [String: Value] {
        let client = try CloudAPIClient(configuration: ClientConfiguration(
            credentials: emulator.credentials, region: "cn-hangzhou", endpoint: URL(string: "http://127.0.0.1:\(emulator.port)")!))
        var answers: [String: Value] = [:]
        func call(_ name: String, _ parameters: [String: Value]) async throws -> Value {
            let value = try await client.call(name, parameters).value
            answers[name] = value
            return value
        }
        let app: Value = 110840612
        let id = try await call("CreateBackend", ["BackendName": "shapes", "BackendType": "HTTP", "Description": "d",
                                                  "Tag": [["Key": "team", "Value": "core"]]])["BackendId"]!
        let model = try await call("CreateBackendModel", ["BackendId": id, "BackendType": "HTTP", "StageName": "TEST",
                                                           "BackendModelData": ["ServiceAddress": "http://10.0.0.1:8080", "ServiceTimeout": 3000]])["BackendModelId"]!
        _ = try await call("DescribeBackendInfo", ["BackendId": id])
        _ = try await call("DescribeBackendList", ["BackendName": "shapes"])
        _ = try await call("ModifyBackend", ["BackendId": id, "BackendName": "shapes-2", "BackendType": "HTTP"])
        _ = try await call("DescribeApisByBackend", ["BackendId": .string(TestSeed.backendId), "StageName": "RELEASE"])
        // The seeded backend is used by APIs in TEST: changing its model there makes a task with results.
        let seeded = Value.string(TestSeed.backendId)
        let used = try await client.call("CreateBackendModel", ["BackendId": seeded, "BackendType": "HTTP", "StageName": "TEST",
                                                                "BackendModelData": ["ServiceAddress": "http://10.0.0.2:80"]]).value["BackendModelId"]!
        let operation = try await call("ModifyBackendModel", ["BackendId": seeded, "BackendModelId": used, "StageName": "TEST",
                                                               "BackendModelData": ["ServiceAddress": "http://10.0.0.9:80"]])["OperationId"]!
        _ = try await call("DescribeUpdateBackendTask", ["OperationUid": operation])
        _ = try await call("DeleteBackendModel", ["BackendId": seeded, "BackendModelId": used, "StageName": "TEST"])
        _ = try await call("DeleteBackendModel", ["BackendId": id, "BackendModelId": model, "StageName": "TEST"])
        _ = try await call("DeleteBackend", ["BackendId": id])
        _ = try await call("AttachApiProduct", ["ApiProductId": "p-shapes", "Apis": [["ApiId": .string(TestSeed.listOrders), "StageName": "RELEASE"]]])
        _ = try await call("DescribeApiProductApis", ["ApiProductId": "p-shapes"])
        _ = try await call("SetAppsAuthToApiProduct", ["ApiProductId": "p-shapes", "AppIds": [app]])
        _ = try await call("DescribeAppsByApiProduct", ["ApiProductId": "p-shapes"])
        _ = try await call("SetApiProductsAuthorities", ["AppId": app, "ApiProductIds": ["p-shapes"]])
        _ = try await call("DescribeApiProductsByApp", ["AppId": app])
        _ = try await call("RemoveApiProductsAuthorities", ["AppId": app, "ApiProductIds": ["p-shapes"]])
        _ = try await call("DetachApiProduct", ["ApiProductId": "p-shapes", "Apis": [["ApiId": .string(TestSeed.listOrders), "StageName": "RELEASE"]]])
        _ = try await call("DeleteApiProduct", ["ApiProductId": "p-shapes"])
        return answers
    }

    func testEveryAnswerHasTheCatalogsShape() async throws {
        let answers = try await answers()
        XCTAssertEqual(Set(answers.keys), Set(Catalog.all.map(\.name)), "all 19 operations were called")
        for operation in Catalog.all {
            let answer = try XCTUnwrap(answers[operation.name])
            XCTAssertEqual(ShapeCheck.problems(answer, operation.response), [], operation.name)
            // What the catalog declares is there (the answer was made with data for every list), but for
            // BackendConfig, which holds only its backend type's own settings.
            let missing = ShapeCheck.missing(answer, operation.response).filter { !$0.contains(".BackendConfig.") }
            XCTAssertEqual(missing, [], "\(operation.name) leaves out declared fields")
            if let paging = operation.paging {
                for field in ["TotalCount", "PageNumber", "PageSize"] {
                    XCTAssertNotNil(answer[field]?.intValue, "\(operation.name): paging field \(field)")
                }
                XCTAssertNotNil(ShapeCheck.value(at: paging.itemsPath, in: answer)?.arrayValue, "\(operation.name): list at \(paging.itemsPath)")
            }
        }
    }

    func testTheDocumentedExamplesMatchTheCatalogAndTheEmulator() async throws {
        let answers = try await answers()
        let folder = try XCTUnwrap(Bundle.module.url(forResource: "Fixtures/examples", withExtension: nil))
        let files = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil).filter { $0.pathExtension == "json" }
        XCTAssertEqual(files.count, 8)
        for file in files {
            let name = file.deletingPathExtension().lastPathComponent
            let operation = try XCTUnwrap(Catalog.operation(named: name), name)
            let example = try XCTUnwrap(Value(json: Array(try Data(contentsOf: file)))["response"], name)
            XCTAssertEqual(ShapeCheck.problems(example, operation.response), [], "\(name): the documented example against the catalog")
            let emulated = try XCTUnwrap(answers[name])
            XCTAssertEqual(ShapeCheck.paths(emulated), ShapeCheck.paths(example), "\(name): the emulator's key paths and JSON types against the example")
        }
    }
}

/// Compares a JSON answer with catalog fields.
enum ShapeCheck {
    /// Keys the catalog does not declare, and values of the wrong JSON type (RequestId is everyone's).
    static func problems(_ value: Value, _ fields: [Field], at path: String = "") -> [String] {
        guard case .object(let members) = value else { return ["\(path): expected an object (got \(value.typeName))"] }
        var problems: [String] = []
        for (key, member) in members.sorted(by: { $0.key < $1.key }) where !(path.isEmpty && key == "RequestId") {
            guard let field = fields.first(where: { $0.name == key }) else {
                problems.append("\(path)\(key): not in the catalog")
                continue
            }
            problems += check(member, field.shape, at: path + key)
        }
        return problems
    }

    private static func check(_ value: Value, _ shape: Shape, at path: String) -> [String] {
        switch (shape, value) {
        case (.string, .string), (.integer, .int), (.boolean, .bool), (.double, .double), (.double, .int): return []
        case (.object(let fields), _): return problems(value, fields, at: path + ".")
        case (.array(let element), .array(let items)):
            return items.enumerated().flatMap { check($1, element, at: "\(path)[\($0 + 1)]") }
        default: return ["\(path): expected \(shape.typeName) (got \(value.typeName))"]
        }
    }

    /// Declared fields the answer leaves out (in objects that are there).
    static func missing(_ value: Value, _ fields: [Field], at path: String = "") -> [String] {
        guard case .object(let members) = value else { return [] }
        return fields.flatMap { field -> [String] in
            guard let member = members[field.name] else { return ["\(path)\(field.name)"] }
            switch (field.shape, member) {
            case (.object(let inner), _): return missing(member, inner, at: path + field.name + ".")
            case (.array(.object(let inner)), .array(let items)): return items.first.map { missing($0, inner, at: path + field.name + "[1].") } ?? []
            default: return []
            }
        }
    }

    /// Every key path with its JSON type (`BackendInfoList[].Tags[].Key: string`).
    static func paths(_ value: Value, at path: String = "") -> Set<String> {
        switch value {
        case .object(let members):
            var all: Set<String> = path.isEmpty ? [] : ["\(path): object"]
            for (key, member) in members { all.formUnion(paths(member, at: path.isEmpty ? key : "\(path).\(key)")) }
            return all
        case .array(let items):
            return items.reduce(["\(path): array"]) { $0.union(paths($1, at: path + "[]")) }
        default:
            return ["\(path): \(value.typeName)"]
        }
    }

    static func value(at path: [String], in value: Value) -> Value? {
        path.reduce(Optional(value)) { $0?[$1] }
    }
}
