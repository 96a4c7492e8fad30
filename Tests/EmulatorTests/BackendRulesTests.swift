// Backends and backend models over real HTTP: every rule the emulator applies, end to end.

import CloudAPI
import Emulator
import XCTest

final class BackendRulesTests: EmulatorTestCase {

    func testCreateDescribeModifyDelete() async throws {
        let id = try await emulator.createBackend("orders api", extra: [("Description", "first"), ("CreateSlr", "True"),
                                                                        ("Tag.1.Key", "env"), ("Tag.1.Value", "dev")])
        XCTAssertEqual(id.count, 32)
        XCTAssertTrue(id.allSatisfy { $0.isHexDigit && !$0.isUppercase })

        var info = try await emulator.ok("DescribeBackendInfo", [("BackendId", id)])["BackendInfo"]!
        XCTAssertEqual(info["BackendName"], "orders api")
        XCTAssertEqual(info["BackendType"], "HTTP")
        XCTAssertEqual(info["Description"], "first")
        XCTAssertEqual(info["BackendModels"], [])
        let created = try XCTUnwrap(info["CreatedTime"]?.stringValue)
        XCTAssertNotNil(SigningClock.parseTimestamp(created), "CreatedTime like 2022-01-25T11:22:29Z: \(created)")

        try await emulator.ok("ModifyBackend", [("BackendId", id), ("BackendName", "orders v2"), ("BackendType", "HTTP"),
                                                ("Description", "second")])
        info = try await emulator.ok("DescribeBackendInfo", [("BackendId", id)])["BackendInfo"]!
        XCTAssertEqual(info["BackendName"], "orders v2")
        XCTAssertEqual(info["Description"], "second")

        try await emulator.ok("DeleteBackend", [("BackendId", id)])
        try await emulator.refused("NotFoundBackend", "DescribeBackendInfo", [("BackendId", id)], status: 400)
        try await emulator.refused("NotFoundBackend", "DeleteBackend", [("BackendId", id)], status: 400)
    }

    func testNamesAreUnique() async throws {
        let first = try await emulator.createBackend("unique-name")
        try await emulator.refused("RepeatedBackendName", "CreateBackend", [("BackendName", "unique-name"), ("BackendType", "VPC")])
        let second = try await emulator.createBackend("other-name")
        try await emulator.refused("RepeatedBackendName", "ModifyBackend",
                                   [("BackendId", second), ("BackendName", "unique-name"), ("BackendType", "HTTP")])
        // Renaming to its own name is fine.
        try await emulator.ok("ModifyBackend", [("BackendId", first), ("BackendName", "unique-name"), ("BackendType", "HTTP")])
    }

    func testParametersAreCheckedByTheCatalog() async throws {
        try await emulator.refused("MissingParameter", "CreateBackend", [("BackendType", "HTTP")], status: 400)
        let bad = try await emulator.refused("InvalidParameter", "CreateBackend", [("BackendName", "x"), ("BackendType", "FTP")])
        XCTAssertTrue(bad.body["Message"]!.stringValue!.contains("BackendType"))
        try await emulator.refused("InvalidParameter", "CreateBackend",
                                   [("BackendName", "x"), ("BackendType", "HTTP"), ("CreateSlr", "yes")])
        try await emulator.refused("InvalidParameter", "DescribeBackendList", [("PageSize", "ten")])
        try await emulator.refused("InvalidParameter", "DescribeBackendList", [("PageSize", "101")])
        try await emulator.refused("InvalidAction.NotFound", "CreateBackendz", [], status: 404)
        // Booleans as any client sends them, and common parameters such as RegionId, are accepted.
        try await emulator.createBackend("bool-lower", extra: [("CreateSlr", "true"), ("RegionId", "cn-hangzhou")])
        try await emulator.createBackend("bool-python", extra: [("CreateSlr", "False")])
    }

    /// Odd but signed input is refused or answered, never a crash of the server.
    func testMalformedListKeysAndHugePageNumbersAreAnswered() async throws {
        let bad = try await emulator.refused("InvalidParameter", "CreateBackend",
                                             [("BackendName", "x"), ("BackendType", "HTTP"), ("Tag.", "v")], status: 400)
        XCTAssertTrue(bad.body["Message"]!.stringValue!.contains("Tag."), "\(bad.body)")
        let far = try await emulator.ok("DescribeBackendList", [("PageNumber", "9223372036854775807"), ("PageSize", "100")])
        XCTAssertEqual(far["BackendInfoList"], [])
        XCTAssertEqual(far["TotalCount"], 1, "the seeded backend")
        XCTAssertEqual(far["PageNumber"], 9223372036854775807)
    }

    func testListPagesAndFilters() async throws {
        for index in 1...12 {
            let tags = index % 3 == 0 ? [("Tag.1.Key", "team"), ("Tag.1.Value", "blue")] : []
            try await emulator.createBackend(String(format: "svc-%02d", index), type: index % 2 == 0 ? "VPC" : "HTTP", extra: tags)
        }
        let page2 = try await emulator.ok("DescribeBackendList", [("BackendName", "svc-*"), ("PageNumber", "2"), ("PageSize", "5")])
        XCTAssertEqual(page2["TotalCount"], 12)
        XCTAssertEqual(page2["PageNumber"], 2)
        XCTAssertEqual(page2["PageSize"], 5)
        XCTAssertEqual(page2["BackendInfoList"]?.arrayValue?.compactMap { $0["BackendName"]?.stringValue },
                       ["svc-06", "svc-07", "svc-08", "svc-09", "svc-10"])

        let defaults = try await emulator.ok("DescribeBackendList", [("BackendName", "svc-*")])
        XCTAssertEqual(defaults["PageSize"], 10)
        XCTAssertEqual(defaults["BackendInfoList"]?.arrayValue?.count, 10)

        let vpc = try await emulator.ok("DescribeBackendList", [("BackendType", "VPC"), ("PageSize", "100")])
        XCTAssertEqual(vpc["TotalCount"], 6)
        let exact = try await emulator.ok("DescribeBackendList", [("BackendName", "svc-1")])
        XCTAssertEqual(exact["TotalCount"], 0, "without * the name must match exactly")
        let middle = try await emulator.ok("DescribeBackendList", [("BackendName", "*-1*")])
        XCTAssertEqual(middle["TotalCount"], 3)  // svc-10, svc-11, svc-12

        let tagged = try await emulator.ok("DescribeBackendList", [("Tag.1.Key", "team"), ("Tag.1.Value", "blue")])
        XCTAssertEqual(tagged["TotalCount"], 4)
        XCTAssertEqual(tagged["BackendInfoList"]?[0]?["Tags"], [["Key": "team", "Value": "blue"]])
    }

    func testBackendModelsOnePerStageAndTheirConfig() async throws {
        let id = try await emulator.createBackend("models")
        let data = #"{"ServiceAddress":"http://10.0.0.1:8080","ServiceTimeout":"3000","Unknown":1}"#
        let created = try await emulator.ok("CreateBackendModel", [("BackendId", id), ("BackendType", "HTTP"),
                                                                   ("StageName", "RELEASE"), ("BackendModelData", data)])
        let modelId = try XCTUnwrap(created["BackendModelId"]?.stringValue)
        try await emulator.refused("RepeatedBackendModel", "CreateBackendModel",
                                   [("BackendId", id), ("BackendType", "HTTP"), ("StageName", "RELEASE"), ("BackendModelData", data)])
        try await emulator.refused("InvalidParameter", "CreateBackendModel",
                                   [("BackendId", id), ("BackendType", "VPC"), ("StageName", "TEST"), ("BackendModelData", data)])
        try await emulator.refused("InvalidParameter", "CreateBackendModel",
                                   [("BackendId", id), ("BackendType", "HTTP"), ("StageName", "TEST"), ("BackendModelData", "{nope")])
        try await emulator.refused("NotFoundBackend", "CreateBackendModel",
                                   [("BackendId", String(repeating: "0", count: 32)), ("BackendType", "HTTP"),
                                    ("StageName", "TEST"), ("BackendModelData", data)])

        let model = try await emulator.ok("DescribeBackendInfo", [("BackendId", id)])["BackendInfo"]!["BackendModels"]![0]!
        XCTAssertEqual(model["BackendModelId"]?.stringValue, modelId)
        XCTAssertEqual(model["StageName"], "RELEASE")
        XCTAssertEqual(model["BackendConfig"], ["ServiceAddress": "http://10.0.0.1:8080", "ServiceTimeout": 3000, "Type": "HTTP"])

        try await emulator.refused("DependencyViolationBackendModel", "DeleteBackend", [("BackendId", id)])
        try await emulator.refused("InvalidParameter", "ModifyBackendModel", [("BackendModelId", modelId), ("StageName", "TEST")])
        try await emulator.refused("NotFoundBackendModel", "ModifyBackendModel", [("BackendModelId", String(repeating: "e", count: 32))])

        let modified = try await emulator.ok("ModifyBackendModel", [("BackendId", id), ("BackendModelId", modelId),
                                                                    ("BackendModelData", #"{"ServiceAddress":"http://b"}"#)])
        XCTAssertEqual(modified["OperationId"]?.stringValue?.count, 32)
        let after = try await emulator.ok("DescribeBackendInfo", [("BackendId", id)])["BackendInfo"]!["BackendModels"]![0]!
        XCTAssertEqual(after["BackendConfig"]?["ServiceAddress"], "http://b")

        let deleted = try await emulator.ok("DeleteBackendModel", [("BackendModelId", modelId)])
        XCTAssertNotNil(deleted["OperationId"]?.stringValue)
        try await emulator.refused("NotFoundBackendModel", "DeleteBackendModel", [("BackendModelId", modelId)])
        try await emulator.ok("DeleteBackend", [("BackendId", id)])
    }

    func testUpdateTaskListsTheApisUsingTheBackendInThatStage() async throws {
        let backend = TestSeed.backendId
        let data = #"{"ServiceAddress":"http://orders"}"#
        let model = try await emulator.ok("CreateBackendModel", [("BackendId", backend), ("BackendType", "HTTP"),
                                                                 ("StageName", "TEST"), ("BackendModelData", data)])
        let operation = try await emulator.ok("ModifyBackendModel", [("BackendModelId", model["BackendModelId"]!.stringValue!),
                                                                     ("BackendModelData", data)])
        let task = try await emulator.ok("DescribeUpdateBackendTask", [("OperationUid", operation["OperationId"]!.stringValue!)])
        let results = try XCTUnwrap(task["ApiUpdateBackendResults"]?["ApiUpdateBackendResult"]?.arrayValue)
        XCTAssertEqual(results.map { $0["ApiName"] }, ["ListOrders"], "only the API published to TEST")
        XCTAssertEqual(results.first?["StageName"], "TEST")
        XCTAssertEqual(results.first?["GroupName"], "shop")
        XCTAssertEqual(results.first?["UpdateStatus"], "OVER")
        try await emulator.refused("NotFoundOperation", "DescribeUpdateBackendTask", [("OperationUid", "nope")])
    }

    func testApisByBackendAndDeleteRefusedWhileUsed() async throws {
        let all = try await emulator.ok("DescribeApisByBackend", [("BackendId", TestSeed.backendId)])
        XCTAssertEqual(all["TotalCount"], 2)
        XCTAssertEqual(all["ApiInfoList"]?["ApiInfo"]?.arrayValue?.compactMap { $0["ApiName"]?.stringValue }.sorted(),
                       ["GetOrder", "ListOrders"])
        let test = try await emulator.ok("DescribeApisByBackend", [("BackendId", TestSeed.backendId), ("StageName", "TEST")])
        XCTAssertEqual(test["TotalCount"], 1)
        XCTAssertEqual(test["ApiInfoList"]?["ApiInfo"]?[0]?["Path"], "/orders")
        try await emulator.refused("DependencyViolationApi", "DeleteBackend", [("BackendId", TestSeed.backendId)])
        try await emulator.refused("NotFoundBackend", "DescribeApisByBackend", [("BackendId", "missing")])
    }

    func testEveryCatalogOperationIsHandled() async throws {
        for operation in Catalog.all {
            let reply = try await emulator.call(operation.name, [])
            XCTAssertNotEqual(reply.code, "InvalidAction.NotFound", operation.name)
        }
    }
}
