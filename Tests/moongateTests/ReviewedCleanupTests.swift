// The reviewed nightly cleanup of scripts/cron (plan-cleanup.sh, then apply-cleanup.sh once approved),
// run as cron would run them, against a `moongate emulator` process whose state is read back.
import Foundation
import MoongateTestSupport
import XCTest

final class ReviewedCleanupTests: CommandTestCase {
    static let cron = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("scripts/cron")

    var emulator: MoongateProcess!
    var port = 0

    override func setUpWithError() throws {
        try super.setUpWithError()
        (emulator, port) = try startEmulator(["--seed", Self.cron.appendingPathComponent("demo-seed.json").path])
    }

    override func tearDown() {
        emulator?.signal(SIGTERM)
        _ = emulator?.finish()
        super.tearDown()
    }

    var state: URL { dir.appendingPathComponent("state") }

    /// `scripts/cron/NAME ARGS` with the built binary and this test's state folder, as cron runs it.
    func job(_ name: String, planName: String = "tonight") throws -> MoongateProcess.Result {
        let environment = emulatorKeyEnvironment.merging([
            "MOONGATE": Self.binary.path, "MOONGATE_STATE": state.path, "MOONGATE_PLAN_NAME": planName,
            "ALIBABA_CLOUD_STS_ENDPOINT": "http://127.0.0.1:\(port)",
        ]) { _, new in new }
        return try moongate([Self.cron.appendingPathComponent(name).path, "--endpoint", "http://127.0.0.1:\(port)",
                             "-p", "older_than=0s"],
                            binary: URL(fileURLWithPath: "/bin/bash"), environment: environment)
    }

    func names() throws -> [String] {
        try script("names.lua", """
            local names = {}
            for b in apigateway.default:each("DescribeBackendList", {}) do names[#names + 1] = b.BackendName end
            table.sort(names)
            print(table.concat(names, ","))
            """)
        let r = try moongate(["run", "--endpoint", "http://127.0.0.1:\(port)", "names.lua"], environment: emulatorKeyEnvironment)
        XCTAssertEqual(r.status, 0, r.stderr)
        return r.stdout.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ",").map(String.init)
    }

    func plans(_ file: String) -> String { state.appendingPathComponent("plans/\(file)").path }

    func testOnlyAnApprovedPlanIsAppliedAndOnlyOnce() throws {
        let before = try names()
        XCTAssertTrue(before.contains("tmp-feature-x"), "\(before)")

        var r = try job("plan-cleanup.sh")
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(try names(), before, "planning deletes nothing")
        let digest = try String(contentsOfFile: plans("tonight.digest"), encoding: .utf8)
        XCTAssertTrue(digest.hasPrefix("sha256:") && digest.contains("4 changes (4 DeleteBackend)"), digest)

        r = try job("apply-cleanup.sh")
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("no approved plan waiting"), r.stdout)
        XCTAssertEqual(try names(), before, "not approved: nothing deleted")

        try FileManager.default.copyItem(atPath: plans("tonight.digest"), toPath: plans("tonight.approved"))
        r = try job("apply-cleanup.sh")
        XCTAssertEqual(r.status, 0, r.stderr)
        let after = try names()
        XCTAssertFalse(after.contains { ["tmp-feature-x", "tmp-feature-y", "tmp-demo-1", "tmp-demo-2"].contains($0) }, "\(after)")
        XCTAssertTrue(after.contains("tmp-shared-sandbox") && after.contains("tmp-load-test-baseline"), "the keep-list holds: \(after)")
        XCTAssertEqual(try String(contentsOfFile: plans("tonight.applied"), encoding: .utf8), "0\n")
        let audit = try String(contentsOfFile: state.appendingPathComponent("audit.jsonl").path, encoding: .utf8)
        XCTAssertEqual(audit.components(separatedBy: #""operation":"DeleteBackend","outcome":"ok""#).count - 1, 4, audit)

        r = try job("apply-cleanup.sh")
        XCTAssertTrue(r.stdout.contains("no approved plan waiting"), "applied once: \(r.stdout)")
    }

    func testAPlanEditedAfterItsApprovalIsNotApplied() throws {
        XCTAssertEqual(try job("plan-cleanup.sh").status, 0)
        try FileManager.default.copyItem(atPath: plans("tonight.digest"), toPath: plans("tonight.approved"))
        // Someone slips a kept backend into the approved plan.
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: plans("tonight.jsonl")))
        handle.seekToEndOfFile()
        handle.write(Data(#"{"operation":"DeleteBackend","parameters":{"BackendId":"0000000000000000000000000000d0e4"}}"#.utf8 + [10]))
        try handle.close()

        let before = try names()
        let r = try job("apply-cleanup.sh")
        XCTAssertEqual(r.status, 64, r.stderr)
        XCTAssertTrue(r.stderr.contains("its digest is not the approved one"), r.stderr)
        XCTAssertEqual(try names(), before, "nothing ran")
    }
}
