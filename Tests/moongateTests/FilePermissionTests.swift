// Deno-style file permissions through `moongate run`: the default folders, the flags and variables
// that widen them, symlinks, the run's own records, and where modules may come from.
import Foundation
import MoongateTestSupport
import XCTest

final class FilePermissionTests: CommandTestCase {
    /// A file outside every default folder (not under the temp folder, where the test runs).
    let outside = "/etc/hostname"

    func testReadsOutsideTheFoldersNeedAFlag() throws {
        try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("link").path, withDestinationPath: outside)
        let s = try script("read.lua", """
            for _, path in ipairs({ arg[1], "link" }) do
              local ok, result = pcall(function() return io.open(path):read("a") end)
              print(path, ok and "read" or result)
            end
            """)
        let refused = try moongate(["run", s, outside])
        XCTAssertEqual(refused.status, 0, refused.stderr)
        XCTAssertTrue(refused.stdout.contains("\(outside)\tread.lua:2: io.open: \(outside): reading not allowed (outside the working, script, library and temp folders; allow it with --allow-read /etc)"), refused.stdout)
        XCTAssertTrue(refused.stdout.contains("link\tread.lua:2: io.open: link: reading not allowed"), "a symlink does not lead out: \(refused.stdout)")
        for allowing in [["--allow-read", "/etc"], ["--allow-all-files"]] {
            let allowed = try moongate(["run"] + allowing + [s, outside])
            XCTAssertEqual(allowed.stdout.components(separatedBy: "\tread").count - 1, 2, "\(allowing): \(allowed.stdout)")
        }
        let byVariable = try moongate(["run", s, outside], environment: ProcessInfo.processInfo.environment.merging(
            ["MOONGATE_ALLOW_READ": "/nowhere:/etc"]) { _, new in new })
        XCTAssertEqual(byVariable.stdout.components(separatedBy: "\tread").count - 1, 2, byVariable.stdout)
    }

    func testWritesAndTheRunsOwnRecords() throws {
        let s = try script("write.lua", """
            for _, path in ipairs(arg) do
              local ok, err = pcall(function() local f = assert(io.open(path, "a")); f:write("x"); f:close() end)
              print(path, ok and "written" or err)
            end
            """)
        let other = dir.appendingPathComponent("elsewhere").path
        try FileManager.default.createDirectory(atPath: other, withIntermediateDirectories: true)
        let readOnly = try moongate(["run", "--audit", "audit.jsonl", "--lock", "run.lock", "--allow-read", "/etc", s,
                                     "notes.txt", "audit.jsonl", "run.lock", "/etc/moongate-test", "rotate.journal.json"])
        XCTAssertEqual(readOnly.status, 0, readOnly.stderr)
        let lines = readOnly.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.first, "notes.txt\twritten")
        XCTAssertTrue(lines[1].contains("audit.jsonl: writing not allowed (this run's own audit, plan or lock, or a runbook journal"), lines[1])
        XCTAssertTrue(lines[2].contains("run.lock: writing not allowed"), lines[2])
        XCTAssertTrue(lines[3].contains("/etc/moongate-test: writing not allowed (outside the working, script, library and temp folders; allow it with --allow-write /etc)"), lines[3])
        XCTAssertTrue(lines[4].contains("rotate.journal.json: writing not allowed"), "a runbook's default journal (no --journal): \(lines[4])")
        XCTAssertEqual(read("notes.txt"), "x")
        XCTAssertNil(read("rotate.journal.json"))
        XCTAssertFalse(read("audit.jsonl")?.contains("x") ?? false)
        let all = try moongate(["run", "--audit", "audit.jsonl", "--allow-all-files", s, "audit.jsonl"])
        XCTAssertTrue(all.stdout.contains("audit.jsonl: writing not allowed"), "--allow-all-files keeps the records safe: \(all.stdout)")
    }

    func testTheHostWritesOnlyTheJournalsOwnPath() throws {
        // The runbook's journal writer is reachable (require "moongate.host"), so it takes a runbook
        // name, not a path: whatever a script passes, the file lands at NAME.journal.json.
        let s = try script("host.lua", """
            local host = require "moongate.host"
            print(host.write_atomic, host.journal_path("../../etc/passwd"))
            host.write_journal("../../etc/passwd", "token=" .. moongate.secret("planted-secret-7") .. "\\n")
            """)
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("logs"), withIntermediateDirectories: true)
        let run = try moongate(["run", "--audit", "logs/audit.jsonl", s])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(run.stdout, "nil\tlogs/.._.._etc_passwd.journal.json\n")
        XCTAssertEqual(read("logs/.._.._etc_passwd.journal.json"), "token=***\n", "written there only, and masked")
    }

    func testModulesComeFromTheScriptsFolderAndLibrariesOnly() throws {
        // A module planted in the directory the job starts in, and the real one beside the script.
        try script("helper.lua", "return 'planted'\n")
        let jobs = dir.appendingPathComponent("jobs")
        try FileManager.default.createDirectory(at: jobs, withIntermediateDirectories: true)
        try "print((require('helper')))\n".write(to: jobs.appendingPathComponent("job.lua"), atomically: true, encoding: .utf8)
        let planted = try moongate(["run", "jobs/job.lua"])
        XCTAssertEqual(planted.status, 1)
        XCTAssertTrue(planted.stderr.contains("module 'helper' not found"), planted.stderr)
        XCTAssertFalse(planted.stdout.contains("planted"))
        try "return 'beside the script'\n".write(to: jobs.appendingPathComponent("helper.lua"), atomically: true, encoding: .utf8)
        XCTAssertEqual(try moongate(["run", "jobs/job.lua"]).stdout, "beside the script\n")
    }
}
