// Mistakes a new user makes (issue 14): each gets a message that says what was meant, or works as expected,
// instead of a nil-call error or a silent wrong result. Against the in-process emulator.
import Foundation
import LuaKit
import Moongate
import XCTest

final class ScriptMistakesTests: ApiTestCase {
    func testMisspeltMethodSaysWhichOperationWasMeant() throws {
        let results = try run("""
            local c = apigateway.default
            local ok, err = pcall(function() return c:create_bakend{ BackendName = "x", BackendType = "HTTP" } end)
            local ok2, err2 = pcall(function() return c:frobnicate{} end)
            return ok, err, ok2, err2, type(c.create_backend)
            """)
        XCTAssertEqual(results.first, .bool(false))
        XCTAssertTrue(results[1].text?.hasSuffix("/main.lua:2: apigateway.Client: unknown operation create_bakend (did you mean create_backend?)") ?? false, "\(results)")
        XCTAssertTrue(results[3].text?.hasSuffix("/main.lua:3: apigateway.Client: unknown operation frobnicate; `moongate describe` lists them") ?? false, "\(results)")
        XCTAssertEqual(results[4], .text("function"))
    }

    func testMisspeltBackendModelDataIsRefusedAndRawIsSentAsIs() throws {
        // ServiceAdress used to be accepted and the model ended up with no address at all.
        let results = try run("""
            local c = apigateway.default
            local id = c:create_backend{ BackendName = "typo", BackendType = "HTTP" }.BackendId
            local ok, err = pcall(c.create_backend_model, c, { BackendId = id, BackendType = "HTTP", StageName = "TEST",
              BackendModelData = { ServiceAdress = "http://10.0.0.9" } })
            local ok2, err2 = pcall(c.create_backend_model, c, { BackendId = id, BackendType = "HTTP", StageName = "TEST",
              BackendModelData = '{"ServiceAddress": "http://10.0.0.9", "ServiceTimeout": "soon"}' })
            c:create_backend_model{ BackendId = id, BackendType = "HTTP", StageName = "TEST",
              BackendModelData = apigateway.raw('{"ServiceAddress": "http://10.0.0.9", "FutureField": 1}') }
            local models = c:describe_backend_info{ BackendId = id }.BackendInfo.BackendModels
            local ok3, err3 = pcall(apigateway.raw, { ServiceAddress = "x" })
            return ok, err.code, err.message, ok2, err2.message, #models, models[1].BackendConfig.ServiceAddress, ok3, err3
            """)
        XCTAssertEqual(results.count, 9, "\(results)")
        XCTAssertEqual(results[0], false)
        XCTAssertEqual(results[1], "Moongate.InvalidParameter")
        XCTAssertEqual(results[2], "unknown parameter BackendModelData.ServiceAdress (did you mean ServiceAddress?)")
        XCTAssertEqual(results[3], false)
        XCTAssertEqual(results[4], "BackendModelData.ServiceTimeout: expected an integer (got string)")
        XCTAssertEqual(results[5], 1, "only the raw model was created")
        XCTAssertEqual(results[6], "http://10.0.0.9")
        XCTAssertEqual(results[7], false)
        XCTAssertTrue(results[8].text?.hasSuffix("apigateway.raw: expected the JSON text as a string (got table)") ?? false, "\(results)")
    }

    func testMoongateIsAGlobalLikeApigateway() throws {
        let results = try run("""
            local r = moongate.parallel({ 1, 2, 3 }, function(x) return x * 2 end)
            return r[3].value, moongate == require("moongate")
            """)
        XCTAssertEqual(results, [6, true])
    }

    func testEachFollowsPagesWithoutTotalCount() throws {
        // A response without TotalCount used to end the listing after page 1. The answer is shaped here by
        // a wrapper client whose call drops TotalCount, with the real emulator behind it.
        let results = try run("""
            local c = apigateway.default
            for i = 1, 7 do c:create_backend{ BackendName = "paged-" .. i, BackendType = "HTTP" } end
            local wrapped = setmetatable({}, { __index = function(_, k)
              if k == "call" then
                return function(_, op, p) local r = c:call(op, p); r.TotalCount = nil; return r end
              end
              return function(_, ...) return c[k](c, ...) end
            end })
            local names = {}
            for page in c.pages(wrapped, "DescribeBackendList", { BackendName = "paged-*", PageSize = 3 }) do
              for _, b in ipairs(page.BackendInfoList) do names[#names + 1] = b.BackendName end
            end
            return #names
            """)
        XCTAssertEqual(results, [7])
    }

    func testJSONNullPrintsAsNullInTablesAndLogs() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mistakes-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out.txt").path
        _ = try run("""
            local moongate = require "moongate"
            local f = assert(io.open("\(out)", "w"))
            moongate.table({ { a = moongate.json.null, b = 1 } }, { "a", "b" }, { out = f, format = "json" })
            moongate.table({ { a = moongate.json.null, b = 1 } }, { "a", "b" }, { out = f, format = "text" })
            f:close()
            """)
        let text = try String(contentsOfFile: out, encoding: .utf8)
        XCTAssertTrue(text.contains(#""a":null"#), text)
        XCTAssertFalse(text.contains("userdata"), text)
        XCTAssertTrue(text.contains("null  1"), text)
    }
}

/// Option tables of the stdlib refuse unknown keys with a did-you-mean, before anything is deleted.
final class StdlibOptionTests: ApiTestCase {
    func testMisspeltCleanupAndRunbookOptionsAreRefusedAndNothingIsDeleted() throws {
        let cases: [(code: String, expected: String)] = [
            (#"require("moongate.cleanup").backends{ name = "^tmp", kep = "keep.txt" }"#,
             "cleanup.backends: unknown option kep (did you mean keep?; known: after_delete, age_field,"),
            (#"require("moongate.cleanup").backends{ name = "^tmp", stage = "TEST" }"#,
             "cleanup.backends: unknown option stage ("),
            (#"require("moongate.cleanup").backends{ name = "^tmp", max_delete = "2O" }"#,
             "cleanup.backends: max_delete: expected a number"),
            (#"require("moongate.cleanup").backends{ name = "a[" }"#,
             "cleanup.backends: name: expected a Lua pattern (got a[: a set [ is not closed)"),
            (#"require("moongate.cleanup").product_apis{ product = "p", kepe = { "x" } }"#,
             "cleanup.product_apis: unknown option kepe (did you mean keep?"),
            (#"require("moongate.runbook").new{ name = "r", on_falure = "stop" }"#,
             "runbook.new: r: unknown option on_falure (did you mean on_failure?"),
        ]
        for (index, (code, expected)) in cases.enumerated() {
            // Not `return <call>`: a tail call would drop the frame that names the script line.
            let results = try run("""
                local c = apigateway.default
                c:create_backend{ BackendName = "tmp-victim-\(index)", BackendType = "HTTP" }
                local ok, err = pcall(function() local r = \(code); return r end)
                local left = c:describe_backend_list{ BackendName = "tmp-victim-\(index)" }.TotalCount
                return ok, tostring(err), left
                """)
            XCTAssertEqual(results.first, .bool(false), code)
            XCTAssertTrue(results[1].text?.contains(expected) ?? false, "\(code): \(results)")
            XCTAssertTrue(results[1].text?.contains("main.lua:3:") ?? false, "names the script line: \(results)")
            XCTAssertEqual(results.last, .int(1), "nothing deleted: \(code)")
        }
    }
}
