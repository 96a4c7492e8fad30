// --approved through real processes: a dry run's plan, reviewed with `moongate plan show`, then a
// real run held to it, against a `moongate emulator` process whose state is read back after each step.
import Foundation
import MoongateTestSupport
import XCTest

final class ApprovedPlanTests: CommandTestCase {
    var emulator: MoongateProcess!
    var port = 0

    override func setUpWithError() throws {
        try super.setUpWithError()
        try script("seed.json", """
            {"Backends": [
              {"BackendId": "000000000000000000000000000000a1", "BackendName": "tmp-a", "BackendType": "HTTP"},
              {"BackendId": "000000000000000000000000000000b2", "BackendName": "tmp-b", "BackendType": "HTTP"},
              {"BackendId": "000000000000000000000000000000c3", "BackendName": "orders", "BackendType": "HTTP"}
            ]}
            """)
        (emulator, port) = try startEmulator(["--seed", dir.appendingPathComponent("seed.json").path])
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("lib/team"), withIntermediateDirectories: true)
        try script("lib/team/stale.lua", """
            local M = {}
            function M.cleanup(prefix) return require("moongate.cleanup").backends{ name = "^" .. prefix, max_delete = 5 } end
            return M
            """)
        try script("cleanup.lua", """
            local s = require("team.stale").cleanup(params.prefix or "tmp%-")
            print(string.format("deleted %d not_approved %d failed %d", s.deleted, s.not_approved, s.failed))
            """)
        try script("names.lua", """
            local names = {}
            for b in apigateway.default:each("DescribeBackendList", {}) do names[#names + 1] = b.BackendName end
            table.sort(names)
            print(table.concat(names, ","))
            """)
    }

    override func tearDown() {
        emulator?.signal(SIGTERM)
        _ = emulator?.finish()
        super.tearDown()
    }

    /// The emulator's AccessKey, and STS on the emulator too (so the plan records the account).
    var environment: [String: String] {
        emulatorKeyEnvironment.merging(["ALIBABA_CLOUD_STS_ENDPOINT": "http://127.0.0.1:\(port)"]) { _, new in new }
    }

    func run(_ args: [String]) throws -> MoongateProcess.Result {
        try moongate(["run", "--endpoint", "http://127.0.0.1:\(port)", "--log-format", "text"] + args, environment: environment)
    }

    func names() throws -> String {
        let r = try run(["names.lua"])
        XCTAssertEqual(r.status, 0, r.stderr)
        return r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func plan(_ extra: [String] = []) throws -> MoongateProcess.Result {
        let r = try run(["--dry-run", "--plan", "plan.jsonl", "--lib", "lib"] + extra + ["cleanup.lua"])
        XCTAssertEqual(r.status, 0, r.stderr)
        return r
    }

    func apply(_ extra: [String] = [], script: String = "cleanup.lua") throws -> MoongateProcess.Result {
        try run(["--approved", "plan.jsonl", "--audit", "audit.jsonl", "--lib", "lib"] + extra + [script])
    }

    func auditLines() throws -> [[String: Any]] {
        (read("audit.jsonl") ?? "").split(separator: "\n").map {
            try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
        }
    }

    // MARK: -

    func testPlanThenApproveDeletesExactlyThePlannedBackends() throws {
        try plan()
        XCTAssertEqual(try names(), "orders,tmp-a,tmp-b", "a dry run changes nothing")
        let lines = read("plan.jsonl")!.split(separator: "\n")
        XCTAssertEqual(lines.count, 3, "a header and two changes")
        XCTAssertTrue(lines[0].contains("\"moongate_plan\":1") && lines[0].contains("\"account\":"), String(lines[0]))
        XCTAssertTrue(lines[0].contains("\"name\":\"team.stale\""), "the module is recorded: \(lines[0])")

        let show = try moongate(["plan", "show", "--digest", "plan.jsonl"])
        XCTAssertEqual(show.status, 0, show.stderr)
        let digest = Data(try Data(contentsOf: dir.appendingPathComponent("plan.jsonl"))).sha256Hex
        XCTAssertTrue(show.stdout.hasPrefix("sha256:\(digest)  plan.jsonl  2 changes (2 DeleteBackend)"), show.stdout)
        let json = try moongate(["plan", "show", "plan.jsonl"])  // piped: JSON
        let shown = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [String: Any]
        XCTAssertEqual((shown["changes"] as! [Any]).count, 2)
        XCTAssertEqual(shown["sha256"] as? String, digest)

        let r = try apply()
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("deleted 2 not_approved 0 failed 0"), r.stdout)
        XCTAssertFalse(r.stderr.contains("warning"), r.stderr)
        XCTAssertEqual(try names(), "orders")
        let deletes = try auditLines().filter { $0["operation"] as? String == "DeleteBackend" }
        XCTAssertEqual(deletes.map { $0["outcome"] as? String }, ["ok", "ok"])
    }

    func testABackendCreatedBetweenPlanAndApplyIsNotDeleted() throws {
        try plan()
        try script("late.lua", #"print(apigateway.default:create_backend{ BackendName = "tmp-late", BackendType = "HTTP" }.BackendId)"#)
        let late = try run(["late.lua"])
        XCTAssertEqual(late.status, 0, late.stderr)
        let lateId = late.stdout.trimmingCharacters(in: .whitespacesAndNewlines)

        let r = try apply()
        XCTAssertEqual(r.status, 65, "a refused change has its own exit code: \(r.stderr)")
        XCTAssertTrue(r.stdout.contains("deleted 2 not_approved 1 failed 0"), r.stdout)
        XCTAssertTrue(r.stdout.contains("not approved"), r.stdout)
        XCTAssertTrue(r.stderr.contains("1 change was refused as not approved"), r.stderr)
        XCTAssertEqual(try names(), "orders,tmp-late", "the approved ones were deleted, the new one was not")
        let refused = try auditLines().filter { $0["error_code"] as? String == "Moongate.NotApproved" }
        XCTAssertEqual(refused.count, 1)
        XCTAssertEqual((refused.first?["parameters"] as? [String: Any])?["BackendId"] as? String, lateId)
        XCTAssertEqual(refused.first?["outcome"] as? String, "refused")
    }

    func testABackendDeletedInBetweenIsAnUnusedApproval() throws {
        try plan()
        try script("gone.lua", #"apigateway.default:delete_backend{ BackendId = "000000000000000000000000000000a1" }"#)
        XCTAssertEqual(try run(["gone.lua"]).status, 0)

        let r = try apply()
        XCTAssertEqual(r.status, 0, "less than approved is a warning: \(r.stderr)")
        XCTAssertTrue(r.stderr.contains("warning: --approved plan.jsonl: 1 approved change was not made"), r.stderr)
        XCTAssertTrue(r.stderr.contains("DeleteBackend BackendId=000000000000000000000000000000a1"), r.stderr)
        XCTAssertEqual(try names(), "orders")
    }

    func testAChangedScriptModuleOrParameterIsRefusedBeforeAnythingRuns() throws {
        try plan()
        let planned = read("cleanup.lua")!
        try script("cleanup.lua", planned + "\n-- edited after review\n")
        var r = try apply()
        XCTAssertEqual(r.status, 64, r.stderr)
        XCTAssertTrue(r.stderr.contains("refused, nothing was run: the plan differs from this run in the script cleanup.lua (SHA-256 plan"), r.stderr)
        try script("cleanup.lua", planned)

        r = try apply(["-p", "prefix=tmp%-a"])
        XCTAssertEqual(r.status, 64, r.stderr)
        XCTAssertTrue(r.stderr.contains(#"the parameters prefix (plan unset, now "tmp%-a")"#), r.stderr)

        let module = read("lib/team/stale.lua")!
        try script("lib/team/stale.lua", module.replacingOccurrences(of: "max_delete = 5", with: "max_delete = 50"))
        r = try apply()
        XCTAssertEqual(r.status, 64, r.stderr)
        XCTAssertTrue(r.stderr.contains("module team.stale lib/team/stale.lua (SHA-256 plan"), r.stderr)
        try script("lib/team/stale.lua", module)

        Thread.sleep(forTimeInterval: 2.1)
        r = try apply(["--max-plan-age", "1s"])
        XCTAssertEqual(r.status, 64, r.stderr)
        XCTAssertTrue(r.stderr.contains("more than --max-plan-age 1s"), r.stderr)

        XCTAssertEqual(try names(), "orders,tmp-a,tmp-b", "nothing ran")
        XCTAssertEqual(read("audit.jsonl") ?? "", "", "not even a read was sent")
        XCTAssertEqual(try apply().status, 0, "the reviewed script, module and parameters still apply")
        XCTAssertEqual(try names(), "orders")
    }

    func testASecretParameterIsMaskedInThePlan() throws {
        try plan(["-p", "api_token=s3cr3t-value-42"])
        let text = read("plan.jsonl")!
        XCTAssertFalse(text.contains("s3cr3t-value-42"), text)
        XCTAssertTrue(text.contains(#""api_token":"***""#), text)
        let show = try moongate(["plan", "show", "--json", "plan.jsonl"])
        XCTAssertFalse(show.stdout.contains("s3cr3t-value-42"), show.stdout)
        XCTAssertEqual(try apply(["-p", "api_token=s3cr3t-value-42"]).status, 0)
        XCTAssertEqual(try names(), "orders")
    }

    func testARefusalNamesTheClosestApprovedChange() throws {
        // Same script, same parameters; what it deletes comes from a file that changed after the plan.
        try script("target.txt", "000000000000000000000000000000a1")
        try script("one.lua", """
            local f = assert(io.open("target.txt")); local id = f:read("l"); f:close()
            apigateway.default:delete_backend{ BackendId = id }
            """)
        XCTAssertEqual(try run(["--dry-run", "--plan", "plan.jsonl", "one.lua"]).status, 0)
        try script("target.txt", "000000000000000000000000000000b2")
        let r = try apply(script: "one.lua")
        XCTAssertEqual(r.status, 65, r.stderr)
        XCTAssertTrue(r.stderr.contains("one.lua:2: DeleteBackend: Moongate.NotApproved: not in the approved plan plan.jsonl: closest approved DeleteBackend (entry 1) differs in BackendId (approved \"000000000000000000000000000000a1\", called \"000000000000000000000000000000b2\")"), r.stderr)
        XCTAssertTrue(r.stderr.contains("1 approved change was not made"), r.stderr)
        XCTAssertEqual(try names(), "orders,tmp-a,tmp-b")
    }

    func testCreateThenModelChainsApplyWithTheirRealIds() throws {
        try script("chain.lua", """
            local c = apigateway.default
            local results = require("moongate.scheduler").parallel({ "one", "two", "three" }, function(name)
              local id = c:create_backend{ BackendName = "chain-" .. name, BackendType = "HTTP" }.BackendId
              c:create_backend_model{ BackendId = id, BackendType = "HTTP", StageName = "TEST",
                                      BackendModelData = { ServiceAddress = "http://10.0.0.1/" .. name } }
              return #c:describe_backend_info{ BackendId = id }.BackendInfo.BackendModels
            end, { limit = 3 })
            local seen = 0
            for _, r in ipairs(results) do seen = seen + r.value end
            print("models seen " .. seen)
            """)
        let dry = try run(["--dry-run", "--plan", "plan.jsonl", "chain.lua"])
        XCTAssertEqual(dry.status, 0, dry.stderr)
        XCTAssertTrue(dry.stdout.contains("models seen 3"), "the dry run sees the models it plans: \(dry.stdout)")
        XCTAssertTrue(read("plan.jsonl")!.contains(#""returns":{"BackendId":"dryrun-backendid-"#), read("plan.jsonl")!)

        let r = try apply(script: "chain.lua")
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("models seen 3"), r.stdout)
        XCTAssertFalse(r.stderr.contains("warning"), r.stderr)
        XCTAssertEqual(try names(), "chain-one,chain-three,chain-two,orders,tmp-a,tmp-b")
        try script("models.lua", """
            local n = 0
            for b in apigateway.default:each("DescribeBackendList", { BackendName = "chain-*" }) do
              local models = apigateway.default:describe_backend_info{ BackendId = b.BackendId }.BackendInfo.BackendModels
              assert(#models == 1 and models[1].StageName == "TEST", b.BackendName)
              n = n + 1
            end
            print(n)
            """)
        XCTAssertEqual(try run(["models.lua"]).stdout, "3\n")
    }

    /// The dry run must follow the real run's path: its reads see what the plan's earlier changes make.
    func testADryRunsReadsSeeThePlannedStateAsTheRealRunDoes() throws {
        try script("world.lua", """
            local c = apigateway.default
            local items = {}
            for i = 1, 50 do items[i] = i end
            local results = require("moongate.scheduler").parallel(items, function(i)
              local id = c:create_backend{ BackendName = "w-" .. i, BackendType = "HTTP", Tag = { { Key = "env", Value = "ci" } } }.BackendId
              c:create_backend_model{ BackendId = id, BackendType = "HTTP", StageName = "TEST",
                                      BackendModelData = { ServiceAddress = "http://10.0.0.1" } }
              return #c:describe_backend_info{ BackendId = id }.BackendInfo.BackendModels
            end, { limit = 8 })
            local models = 0
            for _, r in ipairs(results) do models = models + r.value end
            local function count(filter)
              local n = 0
              for _ in c:each("DescribeBackendList", filter) do n = n + 1 end
              return n
            end
            c:delete_backend{ BackendId = "000000000000000000000000000000a1" }
            c:modify_backend{ BackendId = "000000000000000000000000000000b2", BackendName = "renamed", BackendType = "HTTP" }
            local ok, err = pcall(c.describe_backend_info, c, { BackendId = "000000000000000000000000000000a1" })
            print(string.format("models %d listed %d tagged %d all %d renamed %d gone %s", models,
              count{ BackendName = "w-*", PageSize = 7 }, count{ Tag = { { Key = "env", Value = "ci" } } }, count{ PageSize = 9 },
              count{ BackendName = "renamed" }, ok and "no" or err.code))
            """)
        let expected = "models 50 listed 50 tagged 50 all 52 renamed 1 gone NotFoundBackend\n"
        let dry = try run(["--dry-run", "world.lua"])
        XCTAssertEqual(dry.status, 0, dry.stderr)
        XCTAssertTrue(dry.stdout.hasSuffix(expected) || dry.stdout.contains(expected), dry.stdout)
        XCTAssertEqual(try names(), "orders,tmp-a,tmp-b", "a dry run changes nothing")
        let real = try run(["world.lua"])
        XCTAssertEqual(real.status, 0, real.stderr)
        XCTAssertEqual(real.stdout, expected)
    }

    func testTagsAndTheProtectTagHoldUnderMaxDeleteAndKeepLists() throws {
        try script("tags.lua", """
            local c = apigateway.default
            local function make(name, tags)
              local list = {}
              for k, v in pairs(tags) do list[#list + 1] = { Key = k, Value = v } end
              c:create_backend{ BackendName = name, BackendType = "HTTP", Tag = list }
            end
            make("ci-1", { env = "ci" })
            make("ci-2", { env = "ci", team = "x" })
            make("ci-kept", { env = "ci" })
            make("ci-protected", { env = "ci", ["moongate:keep"] = "true" })
            make("prod-1", { env = "prod" })
            """)
        XCTAssertEqual(try run(["tags.lua"]).status, 0)
        try script("ci.lua", """
            local s = require("moongate.cleanup").backends{ tags = { env = "ci" }, keep = { "ci-kept" },
                                                          max_delete = tonumber(params.max or "2") }
            print(string.format("deleted %d kept %d protected %d", s.deleted, s.kept, s.protected))
            """)
        var r = try run(["-p", "max=1", "ci.lua"])
        XCTAssertEqual(r.status, 1, "two selected, above max_delete 1: \(r.stderr)")
        XCTAssertTrue(r.stderr.contains("2 selected, more than max_delete 1: nothing deleted"), r.stderr)
        XCTAssertTrue(try names().contains("ci-1,ci-2,ci-kept,ci-protected"))

        r = try run(["ci.lua"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("deleted 2 kept 1 protected 1"), r.stdout)
        XCTAssertTrue(r.stdout.contains("protected") && r.stdout.contains("tag moongate:keep=true"), r.stdout)
        XCTAssertEqual(try names(), "ci-kept,ci-protected,orders,prod-1,tmp-a,tmp-b")
    }
}

extension Data {
    var sha256Hex: String {
        let pipe = Pipe()
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        let input = Pipe()
        p.standardInput = input
        p.standardOutput = pipe
        try! p.run()
        input.fileHandleForWriting.write(self)
        try! input.fileHandleForWriting.close()
        p.waitUntilExit()
        return String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).prefix(64).description
    }
}
