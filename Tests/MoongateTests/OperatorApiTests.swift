// The operator layer against the in-process emulator, through real `moongate run` processes (one
// emulator outlives several runs): runbook rollback and --resume proven by the emulator's state,
// cleanup with a keep-list over 50 backends, max_delete, a rerun after a kill, "already gone", APIs
// detached from a product.
import Foundation
import LuaKit
import MoongateTestSupport
import XCTest

final class OperatorApiTests: ApiTestCase {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let teamLib = repository.appendingPathComponent("scripts/lib").path

    /// `moongate run --endpoint <emulator> --lib scripts/lib ARGS` in the test folder.
    func moongate(_ args: [String]) throws -> MoongateProcess {
        try MoongateProcess(["run", "--endpoint", endpoint, "--lib", Self.teamLib] + args, in: dir, environment: environment).start()
    }

    func exists(_ name: String) -> Bool { FileManager.default.fileExists(atPath: dir.appendingPathComponent(name).path) }
    func read(_ name: String) -> String? { try? String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8) }

    // MARK: - Runbook

    /// Steps 1 and 2 create backends with plain CreateBackend (a repeat would fail: names are
    /// unique), step 3 fails until fix.txt exists, step 4 creates a third. `arg[1] == "stop"`: no rollback.
    static let runbook = """
        local function append(name, text) local f = assert(io.open(name, "a")); f:write(text, "\\n"); f:close() end
        local backends = require "team.backends"
        local c = apigateway.default
        local rb = require("moongate.runbook").new{ name = "rb", on_failure = arg[1] == "stop" and "stop" or "rollback" }
        rb:step("create rb-a", function(ctx) append("runs.log", "1")
                  ctx.a = c:create_backend{ BackendName = "rb-a", BackendType = "HTTP" }.BackendId end,
                { undo = function(ctx) c:delete_backend{ BackendId = ctx.a } end })
        rb:step("create rb-b with a model", function(ctx) append("runs.log", "2")
                  ctx.b = c:create_backend{ BackendName = "rb-b", BackendType = "HTTP" }.BackendId
                  backends.ensure_http_backend("rb-b", "http://10.0.0.2", "TEST") end,
                { undo = function(ctx) backends.remove_backend("rb-b") end })
        rb:step("needs a fix", function() append("runs.log", "3")
                  if not io.open("fix.txt") then error("fix.txt is missing", 0) end end)
        rb:step("create rb-c", function() append("runs.log", "4"); backends.ensure_http_backend("rb-c", "http://10.0.0.3", "RELEASE") end)
        rb:run()
        """

    func testRunbookThirdStepFailureRollsBackTwoThenOneInTheEmulator() throws {
        _ = try write("rb.lua", Self.runbook)
        let before = try backendNames()
        let failed = try moongate(["--log-format", "text", "rb.lua"]).finish()
        XCTAssertEqual(failed.status, 1, failed.stderr)
        XCTAssertTrue(failed.stderr.contains(#"step 3/4 "needs a fix" failed: fix.txt is missing; rolled back steps 2, 1"#), failed.stderr)
        XCTAssertEqual(try backendNames(), before, "the emulator is back where it started")
        let undo2 = try XCTUnwrap(failed.stdout.range(of: "[undo 2/4] create rb-b with a model … ok"), failed.stdout)
        let undo1 = try XCTUnwrap(failed.stdout.range(of: "[undo 1/4] create rb-a … ok"), failed.stdout)
        XCTAssertLessThan(undo2.lowerBound, undo1.lowerBound)

        try "".write(to: dir.appendingPathComponent("fix.txt"), atomically: true, encoding: .utf8)
        let resumed = try moongate(["--resume", "rb.lua"]).finish()
        XCTAssertEqual(resumed.status, 0, resumed.stderr)
        XCTAssertEqual(try backendNames(), before.union(["rb-a", "rb-b", "rb-c"]))
    }

    func testResumeAfterAFixCompletesWithoutRepeatingSteps() throws {
        _ = try write("rb.lua", Self.runbook)
        let before = try backendNames()
        let failed = try moongate(["rb.lua", "stop"]).finish()
        XCTAssertEqual(failed.status, 1, failed.stderr)
        XCTAssertEqual(try backendNames(), before.union(["rb-a", "rb-b"]), "steps 1 and 2 kept")

        try "".write(to: dir.appendingPathComponent("fix.txt"), atomically: true, encoding: .utf8)
        let resumed = try moongate(["--resume", "rb.lua", "stop"]).finish()
        // A repeated step 1 or 2 would fail: CreateBackend refuses a name that exists.
        XCTAssertEqual(resumed.status, 0, resumed.stderr)
        XCTAssertEqual(read("runs.log"), "1\n2\n3\n3\n4\n")
        XCTAssertEqual(try backendNames(), before.union(["rb-a", "rb-b", "rb-c"]))
    }

    func testSIGTERMMidRunLeavesACompleteAuditLogAndJournalAndExits143() throws {
        _ = try write("busy.lua", """
            local c = apigateway.default
            local rb = require("moongate.runbook").new{ name = "busy" }
            rb:step("create sig-base", function(ctx) ctx.id = c:create_backend{ BackendName = "sig-base", BackendType = "HTTP" }.BackendId end)
            rb:step("churn", function()
              for i = 1, 1e9 do
                local id = c:create_backend{ BackendName = "sig-" .. i, BackendType = "HTTP" }.BackendId
                c:delete_backend{ BackendId = id }
                if i == 5 then io.open("busy", "w"):close() end
              end
            end)
            rb:run()
            """)
        let child = try moongate(["--audit", "audit.jsonl", "busy.lua"])
        XCTAssertTrue(waitForFile(dir.appendingPathComponent("busy").path))
        child.signal(SIGTERM)
        let r = child.finish()
        XCTAssertEqual(r.status, 143, r.stderr)
        XCTAssertTrue(r.stderr.contains("busy.lua: interrupted by SIGTERM"), r.stderr)
        let audit = try XCTUnwrap(read("audit.jsonl"))
        XCTAssertTrue(audit.hasSuffix("\n"), "the last line is complete")
        let lines = audit.split(separator: "\n")
        XCTAssertGreaterThanOrEqual(lines.count, 11)
        for line in lines {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            XCTAssertNotNil(object?["operation"], String(line))
        }
        let journal = try XCTUnwrap(read("busy.journal.json"), "the journal sits beside the audit log")
        XCTAssertTrue(journal.contains(#""status": "done""#) && journal.contains(#""status": "running""#), journal)
        XCTAssertFalse(journal.contains("failed"), "a stop is not a step failure (no undo ran): \(journal)")
    }

    // MARK: - Cleanup

    /// Creates backends named `names` (HTTP); with `models`, each also gets models in TEST and RELEASE.
    func createBackends(_ names: [String], models: Bool = false) throws {
        let list = names.map { "\"\($0)\"" }.joined(separator: ",")
        _ = try run("""
            local c = apigateway.default
            for _, name in ipairs({\(list)}) do
              local id = c:create_backend{ BackendName = name, BackendType = "HTTP" }.BackendId
              if \(models) then
                for _, stage in ipairs({ "TEST", "RELEASE" }) do
                  c:create_backend_model{ BackendId = id, BackendType = "HTTP", StageName = stage,
                                          BackendModelData = { ServiceAddress = "http://10.1.0.1" } }
                end
              end
            end
            """)
    }

    func names(_ prefix: String, _ range: ClosedRange<Int>) -> [String] { range.map { String(format: "\(prefix)-%02d", $0) } }

    func testCleanupWithAKeepListOver50BackendsDeletesExactlyTheUnprotectedStaleOnes() throws {
        let old = names("tmp-old", 1...30)
        try createBackends(Array(old[0..<10]), models: true)       // dependents must go first
        try createBackends(Array(old[10...]))
        Thread.sleep(forTimeInterval: 2.2)                          // the rest is younger than 2 s
        try createBackends(names("tmp-new", 1...10) + names("svc", 1...10))
        let before = try backendNames()
        XCTAssertEqual(before.count, 51)
        _ = try write("keep.txt", """
            # protected, whatever the filters say
            tmp-old-03
            tmp-old-07   # has models
            tmp-old-21

            tmp-new-01
            """)
        _ = try write("cleanup.lua", """
            local s = require("moongate.cleanup").backends{ name = "^tmp%-", older_than = "2s", keep = "keep.txt", max_delete = 30 }
            print(s.selected, s.deleted, s.kept)
            """)
        let r = try moongate(["--log-format", "text", "cleanup.lua"]).finish()
        XCTAssertEqual(r.status, 0, r.stderr)
        let protected: Set = ["tmp-old-03", "tmp-old-07", "tmp-old-21"]
        let expectedGone = Set(old).subtracting(protected)
        XCTAssertEqual(try backendNames(), before.subtracting(expectedGone))
        XCTAssertTrue(r.stdout.hasSuffix("27\t27\t3\n"), r.stdout)
        XCTAssertTrue(r.stdout.contains("tmp-old-07"), r.stdout)
        XCTAssertNotNil(r.stdout.range(of: #"tmp-old-07 +HTTP +\d+s +keep +keep-list \(name ~ \^tmp%-, age \d+s ≥ 2s\)"#,
                                       options: .regularExpression), r.stdout)
        XCTAssertNotNil(r.stdout.range(of: #"tmp-old-01 +HTTP +\d+s +deleted +name ~ \^tmp%-, age \d+s ≥ 2s; 2 model\(s\) first"#,
                                       options: .regularExpression), r.stdout)
    }

    func testCleanupRefusesWhenTheSelectionExceedsMaxDeleteAndDryRunDeletesNothing() throws {
        try createBackends(names("tmp-x", 1...12))
        let before = try backendNames()
        _ = try write("cleanup.lua", #"require("moongate.cleanup").backends{ name = "^tmp%-x", max_delete = 10 }"#)
        let refused = try moongate(["cleanup.lua"]).finish()
        XCTAssertEqual(refused.status, 1)
        XCTAssertTrue(refused.stderr.contains("cleanup.backends: 12 selected, more than max_delete 10: nothing deleted"), refused.stderr)
        XCTAssertEqual(try backendNames(), before)

        _ = try write("preview.lua", #"require("moongate.cleanup").backends{ name = "^tmp%-x", max_delete = 20 }"#)
        let preview = try moongate(["--dry-run", "preview.lua"]).finish()
        XCTAssertEqual(preview.status, 0, preview.stderr)
        XCTAssertEqual(try backendNames(), before)
        let rows = preview.stdout.split(separator: "\n").filter { $0.hasPrefix("{") && $0.contains(#""Action":"#) }
        XCTAssertEqual(rows.count, 12, preview.stdout)
        XCTAssertTrue(rows.allSatisfy { $0.contains(#""Action":"would delete""#) }, preview.stdout)
    }

    func testCleanupRerunAfterBeingKilledMidwayFinishesTheJob() throws {
        try createBackends(names("tmp-k", 1...10), models: true)
        try createBackends(names("tmp-k", 11...30) + ["keep-me"])
        let before = try backendNames()
        // Parks the run after the 8th delete, so the test can kill it there.
        _ = try write("cleanup.lua", """
            local n = 0
            require("moongate.cleanup").backends{ name = "^tmp%-k", max_delete = 30, parallel = 1,
              after_delete = function() n = n + 1
                if n == 8 and arg[1] == "park" then io.open("parked", "w"):close(); while true do end end end }
            """)
        let victim = try moongate(["cleanup.lua", "park"])
        XCTAssertTrue(waitForFile(dir.appendingPathComponent("parked").path))
        victim.signal(SIGKILL)
        XCTAssertEqual(victim.finish().status, 9)
        let midway = try backendNames()
        XCTAssertGreaterThan(midway.count, before.count - 30, "killed before the end")
        XCTAssertLessThan(midway.count, before.count, "some were deleted")

        let rerun = try moongate(["cleanup.lua"]).finish()
        XCTAssertEqual(rerun.status, 0, rerun.stderr)
        XCTAssertEqual(try backendNames(), before.subtracting(names("tmp-k", 1...30)))
    }

    func testAlreadyGoneCountsAsDoneAndBackendsInUseAreSkipped() throws {
        try createBackends(names("tmp-g", 1...3))
        // The first delete also deletes tmp-g-03 behind the cleanup's back (another operator, a crash).
        _ = try write("cleanup.lua", """
            local c = apigateway.default
            local first = true
            local s = require("moongate.cleanup").backends{ name = "^tmp%-g", parallel = 1, after_delete = function()
              if first then first = false
                for b in c:each("DescribeBackendList", { BackendName = "tmp-g-03" }) do c:delete_backend{ BackendId = b.BackendId } end
              end end }
            print(s.deleted, s.gone, s.failed)
            local used = require("moongate.cleanup").backends{ name = "^orders%-service$" }
            print(used.skipped, used.deleted)
            """)
        let r = try moongate(["--log-format", "text", "cleanup.lua"]).finish()
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("2\t1\t0\n"), r.stdout)
        XCTAssertTrue(r.stdout.hasSuffix("1\t0\n"), r.stdout)
        XCTAssertNotNil(r.stdout.range(of: #"orders-service +HTTP +\d+s +skipped +name ~ \^orders%-service\$; used by 2 API\(s\)"#,
                                       options: .regularExpression), r.stdout)
        XCTAssertTrue(try backendNames().contains("orders-service"))
    }

    func testProductApisAreDetachedExceptTheKeptOnes() throws {
        _ = try run("""
            apigateway.default:attach_api_product{ ApiProductId = "prod-orders", Apis = {
              { ApiId = "5da30f382b7867a2b9eea077f97c3e18", StageName = "TEST" },
              { ApiId = "5da30f382b7867a2b9eea077f97c3e18", StageName = "RELEASE" },
              { ApiId = "3b81fd160f5645e097cc8855d75a1cf6", StageName = "TEST" } } }
            """)
        _ = try write("detach.lua", """
            local s = require("moongate.cleanup").product_apis{ product = "prod-orders", stage = "TEST",
                                                                keep = { "ListOrders" } }
            local left = {}
            for api in apigateway.default:each("DescribeApiProductApis", { ApiProductId = "prod-orders" }) do
              left[#left + 1] = api.ApiName .. "/" .. api.StageName
            end
            table.sort(left)
            print(s.deleted, s.kept, table.concat(left, " "))
            """)
        let r = try moongate(["--log-format", "text", "detach.lua"]).finish()
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.hasSuffix("1\t1\tHealth/RELEASE ListOrders/RELEASE ListOrders/TEST\n"), r.stdout)
    }
}
