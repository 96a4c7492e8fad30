// moongate.runbook through real `moongate run` processes, with steps that write files (the files
// are the state a test diffs): params, rollback in reverse, --resume, destructive steps, progress,
// the journal, SIGTERM mid-step.
import Foundation
import MoongateTestSupport
import XCTest

final class RunbookTests: CommandTestCase {
    override func setUpWithError() throws {
        try super.setUpWithError()
        try script("files.lua", Self.filesRunbook)
    }

    func journal(_ name: String = "files.journal.json") throws -> [String: Any] {
        let data = try XCTUnwrap(read(name), "no journal \(name)")
        return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(data.utf8)) as? [String: Any])
    }

    func stepStatuses(_ journal: [String: Any]) -> [String] {
        (journal["steps"] as? [[String: Any]] ?? []).map { $0["status"] as? String ?? "?" }
    }

    static let helpers = """
        local function append(name, text) local f = assert(io.open(name, "a")); f:write(text, "\\n"); f:close() end
        local function exists(name) local f = io.open(name); if f then f:close(); return true end; return false end

        """

    /// Four steps; the third fails until fix.txt exists. `arg[1] == "stop"` keeps completed steps.
    static let filesRunbook = helpers + """
        local rb = require("moongate.runbook").new{
          name = "files", params = { tag = "required", note = { default = "none", help = "a note" } },
          on_failure = arg[1] == "stop" and "stop" or "rollback" }
        rb:step("create a", function(ctx) append("a.txt", ctx.params.tag); append("runs.log", "one"); ctx.a = "a.txt" end,
                { undo = function(ctx) os.remove(ctx.a); append("undo.log", "one") end })
        rb:step("create b", function(ctx) append("b.txt", "b"); append("runs.log", "two"); ctx.b = "b.txt"; ctx.count = 2
                  ctx.password = "hunter2" end,
                { undo = function(ctx) os.remove(ctx.b); append("undo.log", "two") end })
        rb:step("needs fix", function(ctx) append("runs.log", "three")
                  if not exists("fix.txt") then error("fix.txt is missing") end end)
        rb:step("finish", function(ctx) append("runs.log", "four"); append("done.txt", ctx.a .. "," .. ctx.b .. "," .. ctx.count) end)
        rb:run()
        """

    // MARK: - Failure: undo in reverse, then --resume

    func testFailingThirdStepRollsBackTwoThenOneAndResumeCompletes() throws {
        let failed = try moongate(["run", "--log-format", "text", "-p", "tag=x", "files.lua"])
        XCTAssertEqual(failed.status, 1, failed.stderr)
        XCTAssertTrue(failed.stderr.contains(#"runbook files: step 3/4 "needs fix" failed: files.lua:"#), failed.stderr)
        XCTAssertTrue(failed.stderr.contains("fix.txt is missing; rolled back steps 2, 1"), failed.stderr)
        XCTAssertFalse(failed.stderr.contains("stack traceback"), failed.stderr)
        // The state proves it: both files gone, undone last-first, nothing after step 3 ran.
        XCTAssertFalse(exists("a.txt"))
        XCTAssertFalse(exists("b.txt"))
        XCTAssertEqual(read("undo.log"), "two\none\n")
        XCTAssertEqual(read("runs.log"), "one\ntwo\nthree\n")
        XCTAssertTrue(failed.stdout.contains("[3/4] needs fix … FAILED ("), failed.stdout)
        let undo2 = try XCTUnwrap(failed.stdout.range(of: "[undo 2/4] create b … ok ("), failed.stdout)
        let undo1 = try XCTUnwrap(failed.stdout.range(of: "[undo 1/4] create a … ok ("), failed.stdout)
        XCTAssertLessThan(undo2.lowerBound, undo1.lowerBound)
        let j = try journal()
        XCTAssertEqual(j["status"] as? String, "rolled_back")
        XCTAssertEqual(stepStatuses(j), ["undone", "undone", "failed"])

        // After the fix, --resume reruns the undone steps (their effect is gone) exactly once each.
        try script("fix.txt", "")
        let resumed = try moongate(["run", "--log-format", "text", "--resume", "files.lua"])
        XCTAssertEqual(resumed.status, 0, resumed.stderr)
        XCTAssertEqual(read("runs.log"), "one\ntwo\nthree\none\ntwo\nthree\nfour\n")
        XCTAssertEqual(read("done.txt"), "a.txt,b.txt,2\n")
        XCTAssertEqual(read("a.txt"), "x\n", "params came back from the journal")
        XCTAssertEqual(stepStatuses(try journal()), ["done", "done", "done", "done"])
    }

    func testResumeContinuesAfterTheLastCompletedStepWithoutRepeatingIt() throws {
        let failed = try moongate(["run", "-p", "tag=x", "files.lua", "stop"])
        XCTAssertEqual(failed.status, 1, failed.stderr)
        XCTAssertTrue(failed.stderr.contains("completed steps kept"), failed.stderr)
        XCTAssertEqual(read("a.txt"), "x\n")
        XCTAssertEqual(stepStatuses(try journal()), ["done", "done", "failed"])

        try script("fix.txt", "")
        let resumed = try moongate(["run", "--log-format", "text", "--resume", "files.lua", "stop"])
        XCTAssertEqual(resumed.status, 0, resumed.stderr)
        // Steps one and two ran once in all; ctx values they stored (a, b, count) came from the journal.
        XCTAssertEqual(read("runs.log"), "one\ntwo\nthree\nthree\nfour\n")
        XCTAssertEqual(read("done.txt"), "a.txt,b.txt,2\n")
        XCTAssertTrue(resumed.stdout.contains("[1/4] create a … skipped — done in an earlier run"), resumed.stdout)
        XCTAssertTrue(resumed.stdout.contains("[3/4] needs fix … ok ("), resumed.stdout)
        let j = try journal()
        XCTAssertEqual(j["status"] as? String, "completed")
        XCTAssertEqual((j["ctx"] as? [String: Any])?["count"] as? Int, 2)
        XCTAssertFalse(read("files.journal.json")!.contains("hunter2"), "secret-looking ctx fields are never journaled")

        // A completed run has nothing left to resume.
        let again = try moongate(["run", "--resume", "files.lua", "stop"])
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertEqual(read("runs.log"), "one\ntwo\nthree\nthree\nfour\n")
    }

    func testResumeRefusesOtherParamsAndMissingJournal() throws {
        let none = try moongate(["run", "--resume", "files.lua"])
        XCTAssertEqual(none.status, 64, none.stderr)
        XCTAssertTrue(none.stderr.contains("--resume: no journal at files.journal.json"), none.stderr)

        XCTAssertEqual(try moongate(["run", "-p", "tag=x", "files.lua", "stop"]).status, 1)
        let other = try moongate(["run", "--resume", "-p", "tag=y", "files.lua", "stop"])
        XCTAssertEqual(other.status, 64, other.stderr)
        XCTAssertTrue(other.stderr.contains("-p tag=y differs from the journal's tag=x"), other.stderr)
        XCTAssertEqual(read("runs.log"), "one\ntwo\nthree\n")
    }

    // MARK: - Checks before any step

    func testMissingParamExits64WithUsageAndRunsNothing() throws {
        let r = try moongate(["run", "files.lua"])
        XCTAssertEqual(r.status, 64)
        XCTAssertTrue(r.stderr.hasPrefix("files.lua: runbook files: missing required parameter tag\n"), r.stderr)
        XCTAssertTrue(r.stderr.contains("usage: moongate run files.lua -p tag=VALUE [-p note=VALUE]"), r.stderr)
        XCTAssertTrue(r.stderr.contains("note           (default none) a note"), r.stderr)
        XCTAssertFalse(r.stderr.contains("traceback"), r.stderr)
        XCTAssertFalse(exists("runs.log"))
        XCTAssertFalse(exists("files.journal.json"))

        let unknown = try moongate(["run", "-p", "tag=x", "-p", "tga=y", "files.lua"])
        XCTAssertEqual(unknown.status, 64)
        XCTAssertTrue(unknown.stderr.contains("unknown parameter tga"), unknown.stderr)
        XCTAssertFalse(exists("runs.log"))
    }

    static let destructiveRunbook = helpers + """
        local rb = require("moongate.runbook").new{ name = "wipe" }
        rb:step("prepare", function() append("runs.log", "prepare") end)
        rb:step("delete everything", function() append("runs.log", "delete") end, { destructive = true })
        rb:run()
        """

    func testDestructiveStepWithoutTTYAndWithoutYesRefusesAndChangesNothing() throws {
        try script("wipe.lua", Self.destructiveRunbook)
        let refused = try moongate(["run", "wipe.lua"])
        XCTAssertEqual(refused.status, 64, refused.stderr)
        XCTAssertTrue(refused.stderr.contains(#"step 2/2 "delete everything" is destructive and there is no terminal to confirm on; nothing was run (rerun with --yes"#),
                      refused.stderr)
        XCTAssertFalse(exists("runs.log"), "not even the step before the destructive one ran")
        XCTAssertFalse(exists("wipe.journal.json"))

        let preview = try moongate(["run", "--dry-run", "wipe.lua"])
        XCTAssertEqual(preview.status, 0, preview.stderr)
        XCTAssertFalse(exists("wipe.journal.json"), "a dry run writes no journal")

        let allowed = try moongate(["run", "--yes", "wipe.lua"])
        XCTAssertEqual(allowed.status, 0, allowed.stderr)
        XCTAssertEqual(read("runs.log"), "prepare\ndelete\nprepare\ndelete\n", "dry run, then --yes")
    }

    /// Runs `moongate ARGS` on a pseudo-terminal (util-linux `script`), typing `answer` at the prompt.
    func runOnATerminal(_ args: [String], answer: String) throws -> (status: Int32, output: String) {
        let p = Process()
        p.executableURL = try requiredProgram("/usr/bin/script", package: "bsdutils")
        p.arguments = ["-qec", ([CommandTestCase.binary.path] + args).joined(separator: " "), "/dev/null"]
        p.currentDirectoryURL = dir
        let input = Pipe(), output = Pipe()
        p.standardInput = input
        p.standardOutput = output
        p.standardError = output
        try p.run()
        input.fileHandleForWriting.write(Data((answer + "\n").utf8))  // held by the terminal until asked
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        try? input.fileHandleForWriting.close()
        return (p.terminationStatus, text)
    }

    func testDestructiveStepAsksOnATerminal() throws {
        try script("wipe.lua", Self.destructiveRunbook)
        let declined = try runOnATerminal(["run", "wipe.lua"], answer: "n")
        XCTAssertEqual(declined.status, 1, declined.output)
        XCTAssertTrue(declined.output.contains("[2/2] delete everything: this step is destructive. Run it? [y/N]"), declined.output)
        XCTAssertTrue(declined.output.contains(#"step 2/2 "delete everything" declined"#), declined.output)
        XCTAssertEqual(read("runs.log"), "prepare\n")

        let accepted = try runOnATerminal(["run", "--resume", "wipe.lua"], answer: "y")
        XCTAssertEqual(accepted.status, 0, accepted.output)
        XCTAssertEqual(read("runs.log"), "prepare\ndelete\n", "resumed after the declined step, prepare not repeated")
    }

    // MARK: - Progress

    func testProgressIsJSONLinesWhenPipedAndTextWhenAsked() throws {
        try script("fix.txt", "")
        let piped = try moongate(["run", "-p", "tag=x", "files.lua"])
        XCTAssertEqual(piped.status, 0, piped.stderr)
        let events = try piped.stdout.split(separator: "\n").map {
            try XCTUnwrap(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        XCTAssertEqual(events.map { $0["event"] as? String }, ["start", "step", "step", "step", "step", "end"])
        XCTAssertEqual(events[2]["name"] as? String, "create b")
        XCTAssertEqual(events[2]["index"] as? Int, 2)
        XCTAssertEqual(events[2]["status"] as? String, "ok")
        XCTAssertNotNil(events[2]["ms"] as? Int)
        XCTAssertEqual(events[5]["status"] as? String, "completed")

        let text = try moongate(["run", "--log-format", "text", "-p", "tag=x", "files.lua"])
        let lines = text.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.first, "files: 4 steps (note=none, tag=x)")
        XCTAssertNotNil(lines[2].range(of: #"^\[2/4\] create b … ok \(\d+ ms\)$"#, options: .regularExpression), lines[2])
        XCTAssertTrue(lines.last?.hasPrefix("files: completed 4 steps in ") == true, text.stdout)
    }

    func testJournalGoesBesideTheAuditLogOrWhereAsked() throws {
        try script("fix.txt", "")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("logs"), withIntermediateDirectories: true)
        XCTAssertEqual(try moongate(["run", "--audit", "logs/audit.jsonl", "-p", "tag=x", "files.lua"]).status, 0)
        XCTAssertEqual(try journal("logs/files.journal.json")["status"] as? String, "completed")
        XCTAssertEqual(try moongate(["run", "--journal", "j.json", "-p", "tag=x", "files.lua"]).status, 0)
        XCTAssertEqual(try journal("j.json")["runbook"] as? String, "files")
    }

    // MARK: - Signals

    func testSIGTERMMidStepExits143AndResumeRerunsOnlyThatStep() throws {
        try script("slow.lua", Self.helpers + """
            local rb = require("moongate.runbook").new{ name = "slow" }
            rb:step("one", function() append("runs.log", "one") end, { undo = function() append("undo.log", "one") end })
            rb:step("two", function() append("runs.log", "two"); append("started", "")
                      while not exists("go") do end end)
            rb:run()
            """)
        let p = try MoongateProcess(["run", "slow.lua"], in: dir).start()
        XCTAssertTrue(waitForFile(dir.appendingPathComponent("started").path))
        p.signal(SIGTERM)
        let r = p.finish()
        XCTAssertEqual(r.status, 143, r.stderr)
        XCTAssertTrue(r.stderr.contains("interrupted by SIGTERM"), r.stderr)
        XCTAssertFalse(exists("undo.log"), "a stop runs no undo")
        XCTAssertEqual(stepStatuses(try journal("slow.journal.json")), ["done", "running"])

        try script("go", "")
        let resumed = try moongate(["run", "--resume", "slow.lua"])
        XCTAssertEqual(resumed.status, 0, resumed.stderr)
        XCTAssertEqual(read("runs.log"), "one\ntwo\ntwo\n")
    }
}
