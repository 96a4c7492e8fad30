// `moongate test` through the real binary: test files in a temporary folder, each against its own
// in-process emulator; the report, the exit status, TAP read by `prove` and JUnit read by Python.
import Foundation
import MoongateTestSupport
import XCTest

final class TestCommandTests: CommandTestCase {
    private func lines(_ text: String) -> [String] { text.split(separator: "\n").map(String.init) }

    func testPassesFailuresDiffsAndTheClosingLine() throws {
        try script("math_spec.lua", """
            local t = require "moongate.test"
            t.describe("math", function()
              t.it("adds", function() t.expect(1 + 1).to_be(2) end)
              t.it("compares tables", function()
                t.expect({ name = "a", ports = { 80, 443 } }).to_equal({ name = "a", ports = { 80, 8443 } })
              end)
              it("knows failing functions", function()
                expect(function() error("boom") end).to_fail_with("*boom")
              end)
            end)
            """)
        let failing = try moongate(["test", "math_spec.lua"])
        XCTAssertEqual(failing.status, 1, failing.stderr)
        XCTAssertTrue(failing.stdout.contains("FAIL math_spec.lua (2 passed, 1 failed"), failing.stdout)
        XCTAssertTrue(failing.stdout.contains("FAILED math_spec.lua:4: math compares tables"), failing.stdout)
        XCTAssertTrue(failing.stdout.contains("math_spec.lua:5: expected"), failing.stdout)
        XCTAssertTrue(failing.stdout.contains(".ports[2]: got 443, expected 8443"), failing.stdout)
        XCTAssertEqual(lines(failing.stdout).last, "2 passed, 1 failed")

        let passing = try moongate(["test", "--filter", "adds", "math_spec.lua"])
        XCTAssertEqual(passing.status, 0, passing.stdout + passing.stderr)
        XCTAssertEqual(lines(passing.stdout).last, "1 passed, 0 failed")
    }

    func testASyntaxErrorOrAnErrorOutsideItFailsOnlyThatFile() throws {
        try script("good_spec.lua", #"it("works", function() expect(true).to_be_truthy() end)"#)
        try script("syntax_spec.lua", "it(\"one\", function() end)\nlocal x = = 1\n")
        try script("outside_spec.lua", "describe(\"group\", function()\n  error(\"no setup today\")\nend)\n")
        let result = try moongate(["test", "-j", "2", "."])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stdout.contains("PASS good_spec.lua (1 passed"), result.stdout)
        XCTAssertTrue(result.stdout.contains("FAILED syntax_spec.lua\n  syntax_spec.lua:2: unexpected symbol near '='"), result.stdout)
        XCTAssertTrue(result.stdout.contains("FAILED outside_spec.lua\n  outside_spec.lua:2: no setup today"), result.stdout)
        XCTAssertEqual(lines(result.stdout).last, "1 passed, 2 failed")
    }

    func testAHangingTestIsStoppedByTheTimeoutAndTheNextOneRuns() throws {
        try script("hang_spec.lua", """
            it("hangs", function()
              local n = 0
              while true do n = n + 1 end
            end)
            it("still runs", function() expect(2).to_be(2) end)
            """)
        let started = Date()
        let result = try moongate(["test", "--timeout", "1", "hang_spec.lua"])
        XCTAssertLessThan(Date().timeIntervalSince(started), 15)
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stdout.contains("FAILED hang_spec.lua:1: hangs\n  the test timed out after 1 s (--timeout) at hang_spec.lua:3"), result.stdout)
        XCTAssertEqual(lines(result.stdout).last, "1 passed, 1 failed")
    }

    func testSigintStopsTheRunWith130() throws {
        try script("hang_spec.lua", #"it("hangs", function() while true do end end)"#)
        let result = try moongate(["test", "hang_spec.lua"], signal: SIGINT)
        XCTAssertEqual(result.status, 130, result.stdout + result.stderr)
    }

    func testEachFileHasItsOwnEmulatorAndResetEmptiesIt() throws {
        // Both files create "orders" and expect to see exactly one: a shared emulator would show two.
        for name in ["one_spec.lua", "two_spec.lua"] {
            try script(name, """
                local t = require "moongate.test"
                local client = require("moongate.apigateway").default
                local function names()
                  local found = {}
                  for b in client:each("DescribeBackendList") do found[#found + 1] = b.BackendName end
                  return found
                end
                t.it("starts empty and sees only its own backend", function()
                  t.expect(names()).to_equal{}
                  client:create_backend{ BackendName = "orders", BackendType = "HTTP" }
                  t.expect(names()).to_equal{ "orders" }
                end)
                t.it("keeps the state between tests until reset", function()
                  t.expect(names()).to_equal{ "orders" }
                  t.reset()
                  t.expect(names()).to_equal{}
                end)
                """)
        }
        let result = try moongate(["test", "-j", "2", "."])
        XCTAssertEqual(result.status, 0, result.stdout)
        XCTAssertEqual(lines(result.stdout).last, "4 passed, 0 failed")
    }

    func testSeedCallsAndExpectCalls() throws {
        try script("calls_spec.lua", """
            local t = require "moongate.test"
            local client = require("moongate.apigateway").default
            local id = ("a"):rep(32)
            t.before_each(function()
              t.reset()
              t.seed{ Backends = { { BackendId = id, BackendName = "tmp-x", BackendType = "HTTP" } } }
            end)
            t.it("records the calls the test sent, not the hooks'", function()
              client:describe_backend_info{ BackendId = id }
              client:delete_backend{ BackendId = id }
              local calls = t.calls()
              t.expect(#calls).to_be(2)
              t.expect(calls[2]).to_equal{ operation = "DeleteBackend", params = { BackendId = id } }
              t.expect_calls{ { "DescribeBackendInfo" }, { "DeleteBackend", { BackendId = id } } }
              t.expect(function() client:describe_backend_info{ BackendId = id } end).to_fail_with("NotFound*")
            end)
            t.it("says how the calls differ", function()
              client:delete_backend{ BackendId = id }
              t.expect_calls{ { "DeleteBackend", { BackendId = ("b"):rep(32) } } }
            end)
            """)
        let result = try moongate(["test", "calls_spec.lua"])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stdout.contains("FAIL calls_spec.lua (1 passed, 1 failed"), result.stdout)
        XCTAssertTrue(result.stdout.contains(#"call 1 DeleteBackend: BackendId: got "\#(String(repeating: "a", count: 32))", expected "\#(String(repeating: "b", count: 32))""#), result.stdout)
    }

    func testFaultsClearAfterTheirBlockAndANeverEndingFaultFailsWithinTheRetryDeadline() throws {
        try script("faults_spec.lua", """
            local t = require "moongate.test"
            local client = require("moongate.apigateway").default
            local moongate = require "moongate"
            t.it("throttling that never clears surfaces as the service's error", function()
              local started = moongate.now()
              t.faults({ throttle = 1 }, function()
                t.expect(function() client:describe_backend_list{} end).to_fail_with("Throttling*")
              end)
              t.expect(moongate.now() - started < 10).to_be(true)
              t.expect(client:describe_backend_list{}.TotalCount).to_be(0)
            end)
            t.it("a fault set without a block lasts to the end of its test only", function()
              t.faults{ throttle = 1 }
              t.expect(function() client:describe_backend_list{} end).to_fail_with("Throttling*")
            end)
            t.it("is gone in the next test", function()
              t.expect(client:describe_backend_list{}.TotalCount).to_be(0)
            end)
            """)
        let started = Date()
        let result = try moongate(["test", "faults_spec.lua"])
        XCTAssertEqual(result.status, 0, result.stdout)
        XCTAssertEqual(lines(result.stdout).last, "3 passed, 0 failed")
        XCTAssertLessThan(Date().timeIntervalSince(started), 20)
    }

    func testTheClockMovesCreatedTimeAndTheScriptsTime() throws {
        try script("clock_spec.lua", """
            local t = require "moongate.test"
            local cleanup = require "moongate.cleanup"
            local client = require("moongate.apigateway").default
            t.it("a backend created after advance is a day younger than the test's time", function()
              local before = os.time()
              t.clock.advance(86400)
              t.expect(os.time() - before >= 86400).to_be(true)
              t.expect(t.clock.now() - before >= 86400).to_be(true)
              local id = client:create_backend{ BackendName = "later", BackendType = "HTTP" }.BackendId
              local created = cleanup.parse_time(client:describe_backend_info{ BackendId = id }.BackendInfo.CreatedTime)
              t.expect(math.abs(created - (before + 86400)) < 60).to_be(true)
              t.expect(os.date("!%Y-%m-%d", created)).to_be(os.date("!%Y-%m-%d"))
            end)
            t.it("reset puts the clock back", function()
              t.reset()
              t.expect(math.abs(os.time() - t.clock.now()) < 5).to_be(true)
            end)
            """)
        let result = try moongate(["test", "clock_spec.lua"])
        XCTAssertEqual(result.status, 0, result.stdout)
        XCTAssertEqual(lines(result.stdout).last, "2 passed, 0 failed")
    }

    func testOutputIsShownOnlyForAFailingTestAndPendingTestsAreListed() throws {
        try script("out_spec.lua", """
            it("quiet pass", function() print("PASSING-NOISE") end)
            it("noisy fail", function() print("FAILING-NOISE", 42); io.write("written\\n"); expect(1).to_be(2) end)
            pending("later")
            """)
        let result = try moongate(["test", "out_spec.lua"])
        XCTAssertEqual(result.status, 1)
        XCTAssertFalse(result.stdout.contains("PASSING-NOISE"), result.stdout)
        XCTAssertTrue(result.stdout.contains("  output:\n    FAILING-NOISE\t42\n    written"), result.stdout)
        XCTAssertTrue(result.stdout.contains("1 pending:\n  out_spec.lua:3: later"), result.stdout)
        XCTAssertTrue(result.stdout.contains("FAIL out_spec.lua (1 passed, 1 failed, 1 pending"), result.stdout)
    }

    func testMistakesInFixturesNameTheTestsLine() throws {
        try script("bad_spec.lua", """
            local t = require "moongate.test"
            it("fault", function() t.faults{ throtle = 1 } end)
            it("seed field", function() t.seed{ Backend = {} } end)
            it("seed value", function() t.seed{ Backends = { { BackendName = "x" } } } end)
            it("clock", function() t.clock.advance(-1) end)
            it("calls", function() t.expect_calls("DeleteBackend") end)
            """)
        let result = try moongate(["test", "bad_spec.lua"])
        XCTAssertEqual(result.status, 1)
        for expected in [
            #"bad_spec.lua:2: t.faults: unknown fault "throtle" (known: throttle"#,
            "bad_spec.lua:3: t.seed: unknown field Backend (did you mean Backends?)",
            "bad_spec.lua:4: t.seed: missing field BackendId at .Backends[1]",
            "bad_spec.lua:5: t.clock.advance: seconds: expected a number of seconds >= 0 (got -1)",
            "bad_spec.lua:6: t.expect_calls: expected a list",
        ] {
            XCTAssertTrue(result.stdout.contains(expected), "\(expected)\n\(result.stdout)")
        }
        XCTAssertEqual(lines(result.stdout).last, "0 passed, 5 failed")
    }

    func testTAPIsReadByProve() throws {
        let prove = try requiredProgram("/usr/bin/prove", package: "perl")
        try script("tap_spec.lua", """
            describe("tap", function()
              it("passes", function() end)
              it("fails # on purpose", function() expect("a").to_be("b") end)
              pending("skipped")
            end)
            """)
        let result = try moongate(["test", "--tap", "tap_spec.lua"])
        XCTAssertEqual(result.status, 1)
        let tap = lines(result.stdout)
        XCTAssertEqual(tap.first, "TAP version 13")
        XCTAssertTrue(tap.contains("ok 1 - tap_spec.lua: tap passes"), result.stdout)
        XCTAssertTrue(tap.contains("not ok 2 - tap_spec.lua: tap fails \\# on purpose"), result.stdout)
        XCTAssertTrue(tap.contains("ok 3 - tap_spec.lua: tap skipped # SKIP pending"), result.stdout)
        XCTAssertEqual(tap.last, "# 1 passed, 1 failed")
        try script("report.tap", result.stdout)

        let (status, said) = try runProgram(prove, ["--exec", "cat", "report.tap"])
        XCTAssertNotEqual(status, 0, said)
        XCTAssertTrue(said.contains("Failed 1/3 subtests"), said)
        XCTAssertTrue(said.contains("Tests=3"), said)
    }

    func testJUnitIsReadByPython() throws {
        let python = try requiredProgram("/usr/bin/python3", package: "python3")
        try script("a_spec.lua", """
            describe("junit", function()
              it("passes", function() end)
              it("fails <xml> & \\"quotes\\"", function() expect(1).to_be(2) end)
              pending("later")
            end)
            """)
        try script("broken_test.lua", "this is not lua\n")
        let result = try moongate(["test", "--junit", "report.xml", "."])
        XCTAssertEqual(result.status, 1)
        try script("read.py", """
            import xml.etree.ElementTree as ET
            root = ET.parse("report.xml").getroot()
            print(root.tag, root.get("tests"), root.get("failures"), root.get("errors"), root.get("skipped"))
            for suite in root:
                for case in suite:
                    kinds = [child.tag for child in case]
                    print(suite.get("name"), "|", case.get("name"), "|", case.get("line"), "|", ",".join(kinds))
            """)
        let (status, said) = try runProgram(python, ["read.py"])
        XCTAssertEqual(status, 0, said)
        XCTAssertEqual(lines(said), [
            "testsuites 4 1 1 1",
            "a_spec.lua | junit passes | 2 | ",
            #"a_spec.lua | junit fails <xml> & "quotes" | 3 | failure"#,
            "a_spec.lua | junit later | 4 | skipped",
            "broken_test.lua | broken_test.lua | None | error",
        ])
    }

    func testFindsSpecAndTestFoldersByDefault() throws {
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("spec/nested"), withIntermediateDirectories: true)
        try script("spec/nested/deep_spec.lua", #"it("deep", function() end)"#)
        try script("spec/helper.lua", #"error("not a test file: never run")"#)
        try script("other_test.lua", #"it("outside spec/", function() error("must not run") end)"#)
        let result = try moongate(["test"])
        XCTAssertEqual(result.status, 0, result.stdout)
        XCTAssertTrue(result.stdout.contains("PASS spec/nested/deep_spec.lua (1 passed"), result.stdout)
        XCTAssertEqual(lines(result.stdout).last, "1 passed, 0 failed")

        let missing = try moongate(["test", "no-such-folder"])
        XCTAssertEqual(missing.status, 64, missing.stderr)
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("empty"), withIntermediateDirectories: true)
        let empty = try moongate(["test", "empty"])
        XCTAssertEqual(empty.status, 1)
        XCTAssertEqual(empty.stderr, "moongate: test: no test files under empty (looked for *_test.lua and *_spec.lua)\n")
    }

    func testTeamLibrariesComeFromLibAndMoongateTestIsRefusedElsewhere() throws {
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("lib/team"), withIntermediateDirectories: true)
        try script("lib/team/names.lua", "return { shout = function(s) return s:upper() .. '!' end }\n")
        try script("lib_spec.lua", """
            local names = require "team.names"
            it("finds the team library", function() expect(names.shout("hi")).to_be("HI!") end)
            """)
        let result = try moongate(["test", "--lib", "lib", "lib_spec.lua"])
        XCTAssertEqual(result.status, 0, result.stdout)
        let withoutLib = try moongate(["test", "lib_spec.lua"])
        XCTAssertEqual(withoutLib.status, 1)
        XCTAssertTrue(withoutLib.stdout.contains("module 'team.names' not found"), withoutLib.stdout)

        try script("plain.lua", #"require "moongate.test""#)
        let run = try moongate(["run", "--emulator", "plain.lua"])
        XCTAssertEqual(run.status, 1)
        XCTAssertTrue(run.stderr.contains("moongate.test: works only inside `moongate test`"), run.stderr)
    }

    func testTheStubsNameEveryFunctionOfTheModule() throws {
        let stubs = try moongate(["stubs", "--out", "stubs"])
        XCTAssertEqual(stubs.status, 0, stubs.stderr)
        XCTAssertEqual(try moongate(["check", "stubs/moongate-test.lua"]).status, 0)
        // Read by a test: what the stub declares against what `require "moongate.test"` holds.
        try script("stubs_spec.lua", """
            local t = require "moongate.test"
            local function declared(class)
              local names = {}
              for line in io.lines("stubs/moongate-test.lua") do
                local name = line:match("^function " .. class .. "%.([%w_]+)%(")
                if name then names[#names + 1] = name end
              end
              table.sort(names)
              return names
            end
            local function functions(t, with)
              local names = {}
              for k, v in pairs(t) do
                if type(v) == "function" and not k:match("^_") then names[#names + 1] = k end
              end
              table.sort(names)
              return names
            end
            it("module", function() expect(declared("test")).to_equal(functions(t)) end)
            it("expect", function()
              local e = functions(t.expect(1))
              expect(declared("Expectation")).to_equal(e)
            end)
            it("clock", function() expect(declared("Clock")).to_equal(functions(t.clock)) end)
            it("globals", function()
              for _, name in ipairs{ "describe", "it", "pending", "before_each", "after_each", "expect" } do
                expect(_G[name]).to_be(t[name])
              end
            end)
            """)
        let result = try moongate(["test", "stubs_spec.lua"])
        XCTAssertEqual(result.status, 0, result.stdout)
        XCTAssertEqual(lines(result.stdout).last, "4 passed, 0 failed")
    }
}
