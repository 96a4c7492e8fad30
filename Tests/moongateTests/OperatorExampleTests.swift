// The operator examples through the real command on --emulator: the rotate-backend runbook and the
// cleanup-stale-backends cron job, each for real and with --dry-run.
import Foundation
import XCTest

final class OperatorExampleTests: CommandTestCase {
    static let scripts = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("scripts")

    func path(_ relative: String) -> String { Self.scripts.appendingPathComponent(relative).path }

    var rotate: [String] {
        ["run", "--emulator", "--lib", path("lib"), "--log-format", "text",
         "-p", "backend=orders-service", "-p", "address=http://10.0.0.9:8080"]
    }

    func testRotateBackendRunbookShowsProgressAndNeedsYesForItsDestructiveStep() throws {
        let refused = try moongate(rotate + [path("runbooks/rotate-backend.lua")])
        XCTAssertEqual(refused.status, 64, refused.stderr)
        XCTAssertTrue(refused.stderr.contains(#"step 5/5 "remove the canary" is destructive"#), refused.stderr)

        let r = try moongate(rotate + ["--yes", path("runbooks/rotate-backend.lua")])
        XCTAssertEqual(r.status, 0, r.stderr)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.first, "rotate-backend: 5 steps (address=http://10.0.0.9:8080, backend=orders-service, stage=RELEASE)")
        for (i, step) in ["read the current backend", "stage the new address on a canary", "check the canary",
                          "switch the stage to the new address", "remove the canary"].enumerated() {
            XCTAssertTrue(lines.contains { $0.hasPrefix("[\(i + 1)/5] \(step) … ok (") }, "\(step)\n\(r.stdout)")
        }
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir.appendingPathComponent("rotate-backend.journal.json").path))
    }

    func testRotateBackendDryRunShowsThePlan() throws {
        let r = try moongate(rotate + ["--dry-run", path("runbooks/rotate-backend.lua")])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("dry run: mutations are planned, not sent"), r.stdout)
        XCTAssertTrue(r.stdout.contains("PLAN CreateBackend BackendName=tmp-orders-service-canary"), r.stdout)
        XCTAssertTrue(r.stdout.contains("PLAN CreateBackendModel BackendId=0d105f80a8f340408bd34954d4e4ff22"), r.stdout)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("rotate-backend.journal.json").path))
    }

    func testCleanupCronJobDeletesTheStaleOnesAndKeepsTheKeepList() throws {
        let base = ["run", "--emulator", "--emulator-seed", path("cron/demo-seed.json"), "--lib", path("lib"),
                    "--lock", "cleanup.lock", "--log-format", "text", "-p", "older_than=0s"]
        let preview = try moongate(base + ["--dry-run", path("cron/cleanup-stale-backends.lua")])
        XCTAssertEqual(preview.status, 0, preview.stderr)
        XCTAssertNotNil(preview.stdout.range(of: #"tmp-feature-x +HTTP +\d+s +would delete"#, options: .regularExpression), preview.stdout)
        XCTAssertTrue(preview.stdout.contains("PLAN DeleteBackend BackendId=0000000000000000000000000000d0e0"), preview.stdout)

        let r = try moongate(base + [path("cron/cleanup-stale-backends.lua")])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertNotNil(r.stdout.range(of: #"tmp-shared-sandbox +HTTP +\d+s +keep +keep-list"#, options: .regularExpression), r.stdout)
        XCTAssertTrue(r.stdout.hasSuffix("selected 4, deleted 4, already gone 0, kept 2, skipped 0\n"), r.stdout)
        XCTAssertFalse(r.stdout.contains("orders-service"), r.stdout)
    }

    func testCrontabLineUsesTheLockAndTheJob() throws {
        let crontab = try String(contentsOfFile: path("cron/crontab.example"), encoding: .utf8)
        let line = try XCTUnwrap(crontab.split(separator: "\n").first { !$0.hasPrefix("#") })
        XCTAssertEqual(line.split(separator: " ").prefix(5).joined(separator: " "), "17 3 * * *")
        for part in ["moongate run --lock ", "scripts/cron/cleanup-stale-backends.lua", "--lib scripts/lib"] {
            XCTAssertTrue(line.contains(part), part)
        }
    }
}
