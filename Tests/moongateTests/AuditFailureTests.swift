// The run's own records never fail silently (issue 14, review §2 #6): an audit record that cannot be
// written is reported on stderr, later writes are refused before they are sent, and the run exits 74;
// so does a --plan that cannot be written. Against a real emulator process, with /dev/full as the disk.
import Foundation
import XCTest

final class AuditFailureTests: CommandTestCase {
    func testAFullAuditDiskStopsWritesAndExits74() throws {
        let (emulator, port) = try startEmulator([])
        defer { emulator.signal(SIGKILL) }
        let environment = emulatorKeyEnvironment
        let s = try script("writes.lua", """
            local c = apigateway.default
            c:create_backend{ BackendName = "first", BackendType = "HTTP" }
            local ok, err = pcall(c.create_backend, c, { BackendName = "second", BackendType = "HTTP" })
            print(ok, err.code, err.message)
            local names = {}
            for b in c:each("DescribeBackendList") do names[#names + 1] = b.BackendName end
            print("reads still work:", table.concat(names, ","))
            """)
        let r = try moongate(["run", "--endpoint", "http://127.0.0.1:\(port)", "--audit", "/dev/full", s],
                             environment: environment)
        XCTAssertEqual(r.status, 74, r.stderr)
        XCTAssertTrue(r.stdout.contains("false\tMoongate.AuditFailed\tnot sent: the audit log /dev/full cannot be written"), r.stdout)
        XCTAssertTrue(r.stdout.contains("reads still work:\tfirst\n"), r.stdout)
        XCTAssertTrue(r.stderr.contains("moongate: audit log /dev/full: record of CreateBackend not written (No space left on device); calls that change anything are refused from now on"), r.stderr)
        XCTAssertEqual(r.stderr.components(separatedBy: "not written (").count, 2, "the first failure is reported once: \(r.stderr)")
        XCTAssertTrue(r.stderr.hasSuffix("moongate: 3 audit records not written to /dev/full\n"), r.stderr)

        // The emulator holds exactly what was sent: the first backend, not the refused second.
        let check = try moongate(["run", "--endpoint", "http://127.0.0.1:\(port)", try script("names.lua", """
            local n = 0
            for b in apigateway.default:each("DescribeBackendList") do n = n + 1; print(b.BackendName) end
            """)], environment: environment)
        XCTAssertEqual(check.status, 0, check.stderr)
        XCTAssertEqual(check.stdout, "first\n")
    }

    func testAPlanThatCannotBeWrittenExits74() throws {
        let s = try script("plan.lua", #"apigateway.default:create_backend{ BackendName = "p", BackendType = "HTTP" }"#)
        let r = try moongate(["run", "--emulator", "--dry-run", "--plan", "/nonexistent/plan.jsonl", s])
        XCTAssertEqual(r.status, 74, r.stderr)
        XCTAssertTrue(r.stdout.contains("PLAN CreateBackend"), r.stdout)
        XCTAssertTrue(r.stderr.hasPrefix("moongate: --plan /nonexistent/plan.jsonl: "), r.stderr)
    }
}
