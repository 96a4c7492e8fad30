// The API layer through the real `moongate` command: examples on --emulator, dry run, audit log and
// secrets, uncaught API errors, describe and stubs.
import Foundation
import XCTest

final class ApiCommandTests: CommandTestCase {
    static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("scripts/examples")

    func example(_ name: String) -> String { Self.examples.appendingPathComponent(name).path }

    func testBackendLifecycleExample() throws {
        let r = try moongate(["run", "--emulator", example("backend-lifecycle.lua")])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("TEST now http://10.0.0.2:8080"), r.stdout)
        XCTAssertTrue(r.stdout.contains("describe after delete:\tNotFoundBackend"), r.stdout)
    }

    func testBackendLifecycleDryRunPrintsThePlan() throws {
        let plan = dir.appendingPathComponent("plan.jsonl").path
        let r = try moongate(["run", "--emulator", "--dry-run", "--plan", plan, example("backend-lifecycle.lua")])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("PLAN CreateBackend BackendName=lifecycle-demo BackendType=HTTP"), r.stdout)
        XCTAssertTrue(r.stdout.contains("PLAN: 5 changes not sent (dry run)"), r.stdout)
        // The dry run's reads see its own plan: the model's new address, then the backend gone.
        XCTAssertTrue(r.stdout.contains("TEST now http://10.0.0.2:8080"), r.stdout)
        XCTAssertTrue(r.stdout.contains("describe after delete:\tNotFoundBackend"), r.stdout)
        let lines = try String(contentsOfFile: plan, encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(lines.count, 6, "what it was made from, then 5 changes")
        XCTAssertTrue(lines[0].contains("\"moongate_plan\":1") && lines[0].contains("\"endpoint\":\"emulator\""), String(lines[0]))
        XCTAssertTrue(lines[1].contains("\"operation\":\"CreateBackend\""), String(lines[1]))
    }

    func testProductAndParallelExamples() throws {
        let product = try moongate(["run", "--emulator", example("product-attach-detach.lua")])
        XCTAssertEqual(product.status, 0, product.stderr)
        XCTAssertTrue(product.stdout.contains("authorized: 110840612 partner-portal"), product.stdout)
        XCTAssertTrue(product.stdout.contains("1 API(s) left"), product.stdout)
        let parallel = try moongate(["run", "--emulator", "-p", "count=30", example("parallel-describe.lua")])
        XCTAssertEqual(parallel.status, 0, parallel.stderr)
        XCTAssertTrue(parallel.stdout.contains("described 30 backends, 1 failed"), parallel.stdout)
    }

    func testUncaughtApiErrorExitsOneWithTheLineAndTraceback() throws {
        let s = try script("fail.lua", """
            local c = apigateway.default
            c:delete_backend{ BackendId = "0123456789abcdef0123456789abcdef" }
            print("not reached")
            """)
        let r = try moongate(["run", "--emulator", s])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.hasPrefix("fail.lua:2: DeleteBackend: NotFoundBackend (HTTP 400, RequestId "), r.stderr)
        XCTAssertTrue(r.stderr.contains("stack traceback:"), r.stderr)
        XCTAssertFalse(r.stdout.contains("not reached"))
    }

    func testAuditLogRecordsCallsAndNoSecretAnywhere() throws {
        let secret = "PLANTED-secret-4f1c9e"
        let s = try script("audit.lua", """
            local c = apigateway.default
            local id = c:create_backend{ BackendName = "audited", BackendType = "HTTP" }.BackendId
            c:create_backend_model{ BackendId = id, BackendType = "HTTP", StageName = "TEST", BackendModelData = {
              ServiceAddress = "http://x", DiscoveryConfig = { RcType = "NACOS", NacosConfig = { Password = "\(secret)", UserName = "u" } } } }
            local info = c:describe_backend_info{ BackendId = id }
            print(require("moongate.inspect")(info))
            require("moongate.log").info("described", { info = info })
            pcall(c.delete_backend, c, { BackendId = id })   -- refused: the backend still has a model
            pcall(c.modify_backend_model, c, { BackendId = id, BackendModelId = "0123456789abcdef0123456789abcdef",
              StageName = "TEST",
              BackendModelData = '{"ServiceAddress":"http://y","DiscoveryConfig":{"NacosConfig":{"Password":"\(secret)"}}}' })
            """)
        let audit = dir.appendingPathComponent("audit.jsonl").path
        let r = try moongate(["run", "--emulator", "--audit", audit, s])
        XCTAssertEqual(r.status, 0, r.stderr)
        let log = try String(contentsOfFile: audit, encoding: .utf8)
        let lines = log.split(separator: "\n")
        XCTAssertEqual(lines.count, 5, log)
        XCTAssertTrue(lines[0].contains("\"operation\":\"CreateBackend\"") && lines[0].contains("\"http_status\":200"), log)
        XCTAssertTrue(lines[3].contains("\"error_code\":\"DependencyViolation"), log)
        for line in lines {
            for field in ["time", "operation", "parameters", "attempts", "duration_ms", "dry_run"] {
                XCTAssertTrue(line.contains("\"\(field)\":"), "\(field) missing in \(line)")
            }
        }
        XCTAssertTrue(r.stdout.contains("Password = \"***\""), r.stdout)
        let plan = dir.appendingPathComponent("plan.jsonl").path
        let dry = try moongate(["run", "--emulator", "--dry-run", "--plan", plan, s])
        XCTAssertEqual(dry.status, 0, dry.stderr)
        XCTAssertTrue(dry.stdout.contains(#"\"Password\":\"***\""#), dry.stdout)
        let planText = try String(contentsOfFile: plan, encoding: .utf8)
        for (name, text) in [("stdout", r.stdout), ("stderr", r.stderr), ("audit", log), ("dry-run stdout", dry.stdout),
                             ("dry-run stderr", dry.stderr), ("plan", planText)] {
            XCTAssertFalse(text.contains(secret), "secret leaked into \(name)")
            XCTAssertFalse(text.contains("moongate-emulator-demo-secret"), "access key secret leaked into \(name)")
        }
    }

    func testDescribeShowsRepeatListFields() throws {
        let r = try moongate(["describe", "DetachApiProduct"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("Apis"), r.stdout)
        XCTAssertTrue(r.stdout.contains("repeat-list (Apis.1.ApiId"), r.stdout)
        XCTAssertTrue(r.stdout.contains("StageName") && r.stdout.contains("one of RELEASE, PRE, TEST"), r.stdout)
        XCTAssertTrue(r.stdout.contains("Unknown outcome: sets-state: retried (it sets a state)"), r.stdout)
        let create = try moongate(["describe", "CreateBackend"])
        XCTAssertTrue(create.stdout.contains("Unknown outcome: find-by-name: retried; a duplicate-name answer is resolved"), create.stdout)
        let read = try moongate(["describe", "DescribeBackendList"])
        XCTAssertFalse(read.stdout.contains("Unknown outcome"), "a read has nothing to settle")
        let list = try moongate(["describe"])
        XCTAssertTrue(list.stdout.contains("19 operations"), list.stdout)
        let unknown = try moongate(["describe", "DetachApiProducts"])
        XCTAssertEqual(unknown.status, 64)
        XCTAssertTrue(unknown.stderr.contains("did you mean DetachApiProduct?"), unknown.stderr)
    }

    func testStubsAreValidLuaForEveryOperation() throws {
        let out = dir.appendingPathComponent("stubs").path
        let r = try moongate(["stubs", "--out", out])
        XCTAssertEqual(r.status, 0, r.stderr)
        let text = try String(contentsOfFile: out + "/apigateway.lua", encoding: .utf8)
        for method in ["create_backend", "describe_backend_info", "detach_api_product", "set_apps_auth_to_api_product",
                       "remove_api_products_authorities", "describe_update_backend_task"] {
            XCTAssertTrue(text.contains("function Client:\(method)(params) end"), method)
        }
        XCTAssertEqual(text.components(separatedBy: "---@return apigateway.").count - 1, 19 + 1, "one typed return per operation, plus client()")
        XCTAssertTrue(text.contains("---@field Apis apigateway.DetachApiProductRequest.Apis[]"), "repeat-list items typed")
        let check = try moongate(["check", out + "/apigateway.lua", out + "/moongate.lua"])
        XCTAssertEqual(check.status, 0, check.stderr)
        let stdlib = try String(contentsOfFile: out + "/moongate.lua", encoding: .utf8)
        for function in ["function moongate.parallel(", "function runbook.new(", "function cleanup.backends(", "function json.encode("] {
            XCTAssertTrue(stdlib.contains(function), function)
        }
    }

    func testConfirmWithoutTerminalRefusesUnlessYes() throws {
        let s = try script("confirm.lua", """
            local c = apigateway.default
            local id = c:create_backend{ BackendName = "keep-me", BackendType = "HTTP" }.BackendId
            local ok, err = pcall(c.delete_backend, c, { BackendId = id })
            print(ok, ok or err.code, ok or err.message)
            print("still there:", pcall(c.describe_backend_info, c, { BackendId = id }))
            """)
        let refused = try moongate(["run", "--emulator", "--confirm", "Delete*", s])
        XCTAssertEqual(refused.status, 0, refused.stderr)
        XCTAssertTrue(refused.stdout.contains("false\tMoongate.Denied\tneeds confirmation"), refused.stdout)
        XCTAssertTrue(refused.stdout.contains("still there:\ttrue"), refused.stdout)
        let allowed = try moongate(["run", "--emulator", "--confirm", "Delete*", "--yes", s])
        XCTAssertTrue(allowed.stdout.contains("true\ttrue\ttrue"), allowed.stdout)
        XCTAssertTrue(allowed.stdout.contains("still there:\tfalse"), allowed.stdout)
    }
}
