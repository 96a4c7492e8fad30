// The Lua bindings end to end: scripts → Swift → signed HTTP → the emulator → back into Lua.
import CloudAPI
import Emulator
import Foundation
import LuaKit
import Moongate
import XCTest

final class ApiBindingTests: ApiTestCase {
    static let scripts = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Scripts")

    func testEveryOperationFromLua() throws {
        let source = try String(contentsOf: Self.scripts.appendingPathComponent("all-operations.lua"), encoding: .utf8)
        let called = try run(source).first?.arrayValue?.compactMap(\.text) ?? []
        XCTAssertEqual(Set(called), Set(Catalog.all.map(\.snakeCaseName)), "every catalog operation called once")
        XCTAssertEqual(called.count, Catalog.all.count)
    }

    func testResponsesKeepIntegersBooleansAndArrays() throws {
        let results = try run("""
            local list = apigateway.default:describe_backend_list{ PageSize = 10 }
            return math.type(list.PageSize), math.type(list.TotalCount), #list.BackendInfoList, list.RequestId ~= nil
            """)
        XCTAssertEqual(results, ["integer", "integer", 1, true])
    }

    func testValidationErrorsNameTheScriptLine() throws {
        let results = try run("""
            local c = apigateway.default
            local function try(f) local ok, e = pcall(f); return e end
            local missing = try(function() c:create_backend{ BackendName = "x" } end)
            local unknown = try(function() c:create_backend{ BackendName = "x", BackendType = "HTTP", BackendNme = "y" } end)
            local enum = try(function() c:create_backend{ BackendName = "x", BackendType = "HTTPS" } end)
            local wrong = try(function()
              c:describe_backend_list{ PageSize = "ten" }
            end)
            return missing.code, missing.location, missing.message, tostring(missing),
                   unknown.message, enum.message, wrong.message, wrong.location, apigateway.is_error(wrong, "Moongate.*")
            """)
        XCTAssertEqual(results[0], "Moongate.InvalidParameter")
        XCTAssertEqual(results[1].text?.hasSuffix("main.lua:3"), true, "\(results[1])")
        XCTAssertEqual(results[2].text?.contains("missing required parameter BackendType"), true, "\(results[2])")
        XCTAssertEqual(results[3].text?.hasSuffix("main.lua:3: CreateBackend: Moongate.InvalidParameter: missing required parameter BackendType"), true, "\(results[3])")
        XCTAssertEqual(results[4].text?.contains("did you mean BackendName?"), true, "\(results[4])")
        XCTAssertEqual(results[5].text?.contains("HTTPS"), true, "\(results[5])")
        XCTAssertEqual(results[6].text?.contains("PageSize"), true, "\(results[6])")
        XCTAssertEqual(results[7].text?.hasSuffix("main.lua:7"), true, "\(results[7])")
        XCTAssertEqual(results[8], true)
        XCTAssertEqual(emulator.totalRequests, 0, "nothing was sent")
    }

    func testUnknownOperationNamesTheClosestOne() throws {
        let results = try run("""
            local ok, err = pcall(function() apigateway.default:call("CreatBackend", {}) end)
            return ok, err.code, err.message, err.location
            """)
        XCTAssertEqual(Array(results[0...1]), [false, "Moongate.UnknownOperation"])
        XCTAssertEqual(results[2].text?.hasPrefix("unknown operation CreatBackend (did you mean CreateBackend?)"), true, "\(results[2])")
        XCTAssertEqual(results[3].text?.hasSuffix("main.lua:1"), true, "\(results[3])")
        XCTAssertEqual(emulator.totalRequests, 0)
    }

    func testApiErrorsAreObjectsWithFields() throws {
        let results = try run("""
            local ok, err = pcall(function() return apigateway.default:delete_backend{ BackendId = "0123456789abcdef0123456789abcdef" } end)
            return ok, err.code, err.http_status, err.operation, err.retryable, #err.request_id > 0, tostring(err),
                   apigateway.is_error(err, "NotFound*"), apigateway.is_error(err, "Throttling*"), apigateway.is_error("text")
            """)
        XCTAssertEqual(Array(results[0...5]), [false, "NotFoundBackend", 400, "DeleteBackend", false, true])
        let line = results[6].text ?? ""
        XCTAssertTrue(line.hasPrefix("DeleteBackend: NotFoundBackend (HTTP 400, RequestId "), line)
        XCTAssertEqual(Array(results[7...9]), [true, false, false])
    }

    func testPaginationOverThreePages() throws {
        let results = try run("""
            local c = apigateway.default
            for i = 1, 24 do c:create_backend{ BackendName = ("page-%02d"):format(i), BackendType = "MOCK" } end
            local pages, items, names = 0, 0, {}
            for page in c:pages("DescribeBackendList", { PageSize = 10 }) do pages = pages + 1 end
            for item in c:each("DescribeBackendList", { PageSize = 10, BackendType = "MOCK" }) do
              items = items + 1; names[item.BackendName] = true
            end
            local ok, err = pcall(c.pages, c, "CreateBackend")
            return pages, items, names["page-01"] and names["page-24"], tostring(err):match("not a paged operation") ~= nil
            """)
        // 24 created + the demo seed's one backend = 25 → 3 pages of 10.
        XCTAssertEqual(results, [3, 24, true, true])
    }

    func testParallelOverlapsCallsAndKeepsOrder() throws {
        let results = try run("""
            local moongate = require "moongate"
            local items = {}
            for i = 1, 100 do items[i] = ("par-%03d"):format(i) end
            local results = moongate.parallel(items, function(name)
              if name == "par-050" then error("item 50 fails on purpose") end
              return apigateway.default:create_backend{ BackendName = name, BackendType = "MOCK" }.BackendId
            end, { limit = 16 })
            local ok, names = 0, {}
            for i, r in ipairs(results) do
              if r.ok then
                ok = ok + 1
                names[i] = apigateway.default:describe_backend_info{ BackendId = r.value }.BackendInfo.BackendName
              end
            end
            return #results, ok, names[1], names[100], results[50].ok, tostring(results[50].err):match("on purpose") ~= nil
            """)
        XCTAssertEqual(results, [100, 99, "par-001", "par-100", false, true])
        XCTAssertGreaterThan(emulator.peakConcurrentRequests, 1, "calls overlapped")
        XCTAssertLessThanOrEqual(emulator.peakConcurrentRequests, 16, "at most `limit` in flight")
    }

    func testWaiterSucceedsAndTimesOut() throws {
        let results = try run("""
            local c = apigateway.default
            local id = c:create_backend{ BackendName = "wait", BackendType = "HTTP" }.BackendId
            local model = c:create_backend_model{ BackendId = id, BackendType = "HTTP", StageName = "TEST",
              BackendModelData = { ServiceAddress = "http://a" } }.BackendModelId
            local op = c:modify_backend_model{ BackendId = id, BackendModelId = model, StageName = "TEST",
              BackendModelData = { ServiceAddress = "http://b" } }.OperationId
            local polls = 0
            local done = c:wait("DescribeUpdateBackendTask", { OperationUid = op }, function(r)
              polls = polls + 1
              return polls >= 2
            end, { timeout = 5, interval = 0.05 })
            local ok, err = pcall(c.wait, c, "DescribeBackendInfo", { BackendId = id }, function() return false end,
              { timeout = 0.3, interval = 0.1 })
            return polls, done.RequestId ~= nil, ok, err.code, tostring(err)
            """)
        XCTAssertEqual(Array(results[0...3]), [2, true, false, "Moongate.WaitTimeout"])
        let message = results[4].text ?? ""
        XCTAssertTrue(message.contains("DescribeBackendInfo") && message.contains("BackendInfo.BackendName=wait"), message)
    }

    func testAllowDeniesBeforeSending() throws {
        let results = try run("""
            local ok, err = pcall(function() return apigateway.default:create_backend{ BackendName = "x", BackendType = "HTTP" } end)
            local listed = apigateway.default:describe_backend_list{}
            return ok, err.code, listed.TotalCount
            """) { $0.allow = "Describe*" }
        XCTAssertEqual(results, [false, "Moongate.Denied", 1])
        XCTAssertEqual(emulator.totalRequests, 1, "only the allowed describe reached the emulator")
        XCTAssertEqual(try backendNames(), ["orders-service"])
    }

    func testDryRunPlanEqualsTheRealRunsMutations() throws {
        let script = """
            local c = apigateway.default
            local id = c:create_backend{ BackendName = "plan-me", BackendType = "HTTP", Tag = { { Key = "k", Value = "v" } } }.BackendId
            c:create_backend_model{ BackendId = id, BackendType = "HTTP", StageName = "TEST", BackendModelData = { ServiceAddress = "http://x" } }
            c:describe_backend_list{ BackendName = "plan-me" }
            c:attach_api_product{ ApiProductId = "plan-p", Apis = { { ApiId = "3b81fd160f5645e097cc8855d75a1cf6", StageName = "RELEASE" } } }
            c:delete_api_product{ ApiProductId = "plan-p" }
            """
        let planPath = dir.appendingPathComponent("plan.jsonl").path
        let auditPath = dir.appendingPathComponent("audit.jsonl").path
        _ = try run(script) { $0.dryRun = true; $0.planPath = planPath }
        XCTAssertEqual(try backendNames(), ["orders-service"], "a dry run changes nothing")
        _ = try run(script) { $0.auditPath = auditPath }
        XCTAssertEqual(try backendNames(), ["orders-service", "plan-me"])

        let planLines = try jsonLines(planPath)
        XCTAssertEqual(planLines.first?["moongate_plan"]?.intValue, 1, "the first line says what the plan was made from")
        let planned = planLines.dropFirst().map { line -> String in
            let parameters = line["parameters"]?.objectValue ?? [:]
            return Self.normalized(line["operation"]!.stringValue!, parameters.mapValues { $0.stringValue ?? "" })
        }
        let sent = try jsonLines(auditPath).filter { line in
            Catalog.operation(named: line["operation"]!.stringValue!)!.mutates
        }.map { line -> String in
            let op = Catalog.operation(named: line["operation"]!.stringValue!)!
            let wire = try RequestEncoder.wireParameters(operation: op, parameters: line["parameters"]?.objectValue ?? [:])
            return Self.normalized(op.name, Dictionary(uniqueKeysWithValues: wire))
        }
        XCTAssertEqual(planned.count, 4)
        XCTAssertEqual(planned, sent)
    }

    /// `Operation k=v …` with ids (32 hex, or a dry run's dryrun-…) replaced by `<id>`.
    static func normalized(_ operation: String, _ parameters: [String: String]) -> String {
        let idPattern = try! NSRegularExpression(pattern: "^([0-9a-f]{32}|dryrun-[a-z]+-[0-9]+)$")
        return ([operation] + parameters.sorted { $0.key < $1.key }.map { key, value in
            let isId = idPattern.firstMatch(in: value, range: NSRange(value.startIndex..., in: value)) != nil
            return "\(key)=\(isId ? "<id>" : value)"
        }).joined(separator: " ")
    }

    func jsonLines(_ path: String) throws -> [Value] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map { try Value(json: String($0)) }
    }
}
