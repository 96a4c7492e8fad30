// Cron safety of `moongate run` through real processes: --lock (exit 75, stale locks), the log
// format chosen by whether stdout is a terminal, exit statuses chosen by scripts, moongate.table.
import Foundation
import MoongateTestSupport
import XCTest

final class CronTests: CommandTestCase {
    override func setUpWithError() throws {
        try super.setUpWithError()
        // Holds the run open until the test creates "release"; tells the test it started.
        try script("hold.lua", """
            local f = assert(io.open("holding", "w")); f:close()
            while not io.open("release") do end
            print("finished")
            """)
    }

    func path(_ name: String) -> String { dir.appendingPathComponent(name).path }

    // MARK: - --lock

    func testSecondOverlappingRunWithTheSameLockExits75AtOnce() throws {
        let first = try MoongateProcess(["run", "--lock", "job.lock", "hold.lua"], in: dir).start()
        XCTAssertTrue(waitForFile(path("holding")))
        try FileManager.default.removeItem(atPath: path("holding"))

        let started = Date()
        let second = try moongate(["run", "--lock", "job.lock", "hold.lua"])
        XCTAssertEqual(second.status, 75, second.stderr)
        XCTAssertLessThan(Date().timeIntervalSince(started), 5, "the second run gives up at once")
        XCTAssertTrue(second.stderr.contains("moongate: --lock job.lock: another run holds the lock (pid \(first.process.processIdentifier))"),
                      second.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("holding")), "the second run ran nothing")

        try script("release", "")
        let r = first.finish()
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, "finished\n")
        // Released: the next run gets the lock.
        XCTAssertEqual(try moongate(["run", "--lock", "job.lock", "hold.lua"]).status, 0)
    }

    func testLockLeftByAKilledRunDoesNotBlockTheNext() throws {
        let first = try MoongateProcess(["run", "--lock", "job.lock", "hold.lua"], in: dir).start()
        XCTAssertTrue(waitForFile(path("holding")))
        first.signal(SIGKILL)
        XCTAssertEqual(first.finish().status, 9)
        XCTAssertTrue(FileManager.default.fileExists(atPath: path("job.lock")), "the lock file stays")

        try script("release", "")
        let next = try moongate(["run", "--lock", "job.lock", "hold.lua"])
        XCTAssertEqual(next.status, 0, next.stderr)
    }

    func testUnusableLockPathIsAUsageError() throws {
        let r = try moongate(["run", "--lock", "no/such/dir/job.lock", "hold.lua"])
        XCTAssertEqual(r.status, 64)
        XCTAssertTrue(r.stderr.contains("--lock no/such/dir/job.lock: cannot open the lock file (No such file or directory)"), r.stderr)
    }

    // MARK: - Output format

    func testLogFormatIsJSONWhenStdoutIsNotATerminalUnlessSet() throws {
        try script("log.lua", "require('moongate.log').info('hello', { n = 1 })")
        let piped = try moongate(["run", "log.lua"])
        let object = try JSONSerialization.jsonObject(with: Data(piped.stderr.utf8)) as? [String: Any]
        XCTAssertEqual(object?["msg"] as? String, "hello", piped.stderr)
        let text = try moongate(["run", "--log-format", "text", "log.lua"])
        XCTAssertTrue(text.stderr.contains("INFO  hello n=1"), text.stderr)
    }

    func testLogKeepsOneRecordPerLineAndPrintsJSONNull() throws {
        try script("multi.lua", "require('moongate.log').info('note', { text = 'two\\nlines', gone = require('moongate').json.null })")
        let text = try moongate(["run", "--log-format", "text", "multi.lua"])
        XCTAssertEqual(text.stderr.split(separator: "\n").count, 1, text.stderr)
        XCTAssertTrue(text.stderr.contains(#"gone=null text="two\nlines""#), text.stderr)
        let json = try moongate(["run", "multi.lua"])
        let object = try JSONSerialization.jsonObject(with: Data(json.stderr.utf8)) as? [String: Any]
        XCTAssertTrue(object?["gone"] is NSNull, json.stderr)
    }

    func testTableIsAlignedTextOrJSONLines() throws {
        try script("t.lua", """
            local rows = { { id = "b-1", name = "tmp-alpha", age = 9 }, { id = "b-22", name = "tmp-b", age = 12 } }
            require("moongate").table(rows, { "id", "name", { key = "age", title = "AGE (d)", align = "right" } })
            """)
        let text = try moongate(["run", "--log-format", "text", "t.lua"])
        XCTAssertEqual(text.stdout, """
            id    name       AGE (d)
            b-1   tmp-alpha        9
            b-22  tmp-b           12

            """, text.stderr)
        let json = try moongate(["run", "t.lua"])
        XCTAssertEqual(json.stdout, #"{"age":9,"id":"b-1","name":"tmp-alpha"}"# + "\n" + #"{"age":12,"id":"b-22","name":"tmp-b"}"# + "\n")
    }

    // MARK: - Exit statuses

    func testScriptsChooseTheirExitStatusWithHostErrors() throws {
        try script("usage.lua", "require('moongate.host').usage_error('usage.lua: need -p name=VALUE')")
        let usage = try moongate(["run", "usage.lua"])
        XCTAssertEqual(usage.status, 64)
        XCTAssertEqual(usage.stderr, "usage.lua: need -p name=VALUE\n")
        try script("fail.lua", "require('moongate.host').exit_error('fail.lua: gave up', 1)")
        XCTAssertEqual(try moongate(["run", "fail.lua"]).status, 1)
        try script("bad.lua", "require('moongate.host').exit_error('x', 7)")
        let bad = try moongate(["run", "bad.lua"])
        XCTAssertEqual(bad.status, 1)
        XCTAssertTrue(bad.stderr.contains("bad.lua:1: moongate.host.exit_error: status: expected one of"), bad.stderr)
    }

    func testHostOptionsReflectTheFlags() throws {
        try script("o.lua", """
            local o = require('moongate.host').options()
            print(o.dry_run, o.yes, o.resume, o.journal, o.log_format, o.script, o.interactive, math.type(require('moongate.host').now()))
            """)
        let r = try moongate(["run", "--dry-run", "--yes", "--resume", "--journal", "j.json", "o.lua"])
        XCTAssertTrue(r.stdout.hasPrefix("true\ttrue\ttrue\tj.json\tjson\to.lua\tfalse\tfloat\n"), r.stdout + r.stderr)
    }

    func testHelpDocumentsEveryExitCode() throws {
        let help = try moongate(["run", "--help"]).stdout
        for code in ["0 ", "1 ", "64 ", "75 ", "124 ", "130 ", "143 "] {
            XCTAssertTrue(help.contains("\n  " + code), "exit code \(code) in --help")
        }
        XCTAssertTrue(help.contains("--lock FILE"), help)
    }
}
