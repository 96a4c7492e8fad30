// The `moongate` command through real processes: exit codes, messages, a copied binary.
import Foundation
import MoongateTestSupport
import XCTest

final class CommandTests: CommandTestCase {
    func testSuccessArgsAndParams() throws {
        let s = try script("ok.lua", "print(arg[1], select('#', ...), params.stage)")
        let r = try moongate(["run", "-p", "stage=test", s, "a", "--b"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, "a\t2\ttest\n")
    }

    func testScriptErrorIsLineAndTraceback() throws {
        let s = try script("boom.lua", "local x = 1\nerror('boom')\n")
        let r = try moongate(["run", s])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.hasPrefix("boom.lua:2: boom\nstack traceback:"), r.stderr)
    }

    func testSandboxDenialsExitOne() throws {
        let exec = try moongate(["run", try script("exec.lua", "os.execute('true')")])
        XCTAssertEqual(exec.status, 1)
        XCTAssertTrue(exec.stderr.contains("exec.lua:1: attempt to call a nil value (field 'execute')"), exec.stderr)
        XCTAssertTrue(exec.stderr.contains("--allow-exec"), exec.stderr)
        let allowed = try moongate(["run", "--allow-exec", try script("popen.lua", "print(io.popen('echo hi'):read('l'))")])
        XCTAssertEqual(allowed.stdout, "hi\n")
    }

    func testBinaryChunkIsRefused() throws {
        // A real chunk from lua_dump (Tests/Support), so the test needs nothing beyond liblua5.4.
        try Data(try luaBinaryChunk("print('compiled')")).write(to: dir.appendingPathComponent("compiled.luac"))
        let r = try moongate(["run", "compiled.luac"])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("compiled.luac: binary (precompiled) chunks are not allowed"), r.stderr)
        let viaLoad = try moongate(["run", try script("l.lua", "assert(loadfile('compiled.luac'))")])
        XCTAssertEqual(viaLoad.status, 1)
        XCTAssertTrue(viaLoad.stderr.contains("compiled.luac: binary (precompiled) chunks are not allowed"), viaLoad.stderr)
    }

    func testTimeoutExits124() throws {
        let start = Date()
        let r = try moongate(["run", "--timeout", "2", try script("loop.lua", "while true do end")])
        XCTAssertEqual(r.status, 124)
        XCTAssertTrue(r.stderr.contains("timeout"), r.stderr)
        XCTAssertLessThan(Date().timeIntervalSince(start), 10)
    }

    func testMemoryLimitExitsOne() throws {
        let s = try script("mem.lua", "local t = {}\nfor i = 1, 1e12 do t[i] = ('x'):rep(64) .. i end\n")
        let r = try moongate(["run", "--memory-limit", "64M", s])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("not enough memory: --memory-limit 64M reached"), r.stderr)
    }

    func testMemoryIsLimitedByDefaultAndZeroLiftsIt() throws {
        // 320 MB of strings: over the default 256M, fine with --memory-limit 0.
        let s = try script("big.lua", "local t = {}\nfor i = 1, 5 do t[i] = ('x'):rep(64 << 20) .. i end\nprint(#t)\n")
        let limited = try moongate(["run", s])
        XCTAssertEqual(limited.status, 1, limited.stderr)
        XCTAssertTrue(limited.stderr.contains("not enough memory: --memory-limit 256M reached"), limited.stderr)
        let unlimited = try moongate(["run", "--memory-limit", "0", s])
        XCTAssertEqual(unlimited.status, 0, unlimited.stderr)
        XCTAssertEqual(unlimited.stdout, "5\n")
    }

    func testSignalsExit130And143() throws {
        let s = try script("spin.lua", "while true do end")
        XCTAssertEqual(try moongate(["run", s], signal: SIGINT).status, 130)
        XCTAssertEqual(try moongate(["run", s], signal: SIGTERM).status, 143)
    }

    func testUsageErrorsExit64() throws {
        XCTAssertEqual(try moongate(["run", "--memory-limit", "lots", "x.lua"]).status, 64)
        XCTAssertEqual(try moongate(["run", "--no-such-flag", "x.lua"]).status, 64)
        let missing = try moongate(["run", "missing.lua"])
        XCTAssertEqual(missing.status, 64)
        XCTAssertTrue(missing.stderr.contains("cannot open missing.lua"), missing.stderr)
    }

    /// Hostile numbers in flags (review 2026-11-24 §2 #1) are usage errors, not traps.
    func testHugeNumbersInFlagsExit64() throws {
        let loop = try script("n.lua", "return 0")
        let cases: [([String], String)] = [
            (["run", "--timeout", "1e300", loop], "--timeout: expected a number of seconds above 0 and at most 2592000"),
            (["run", "--timeout", "inf", loop], "--timeout: expected a number of seconds"),
            (["run", "--timeout", "nan", loop], "--timeout: expected a number of seconds"),
            (["emulator", "--port", "0", "--faults", "delay=20000000000000ms"], "--faults: delay: expected a duration of at most 3600s (got 20000000000000ms)"),
            (["emulator", "--port", "0", "--faults", "retry_after=3601s"], "--faults: retry_after: expected a duration of at most 3600s (got 3601s)"),
        ]
        for (args, expected) in cases {
            let r = try moongate(args)
            XCTAssertEqual(r.status, 64, "\(args): \(r.stderr)")
            XCTAssertTrue(r.stderr.contains(expected), "\(args): \(r.stderr)")
        }
    }

    func testCheck() throws {
        let good = try script("good.lua", "print(1)")
        let bad = try script("bad.lua", "x = = 2")
        XCTAssertEqual(try moongate(["check", good]).status, 0)
        let r = try moongate(["check", good, bad])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.hasPrefix("bad.lua:1: "), r.stderr)
    }

    func testVersionAndHelp() throws {
        // Each line checked against its source: the checkout's HEAD, Debian's lua5.4 and libcurl.
        let lines = try moongate(["version"]).stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 5, "\(lines)")
        XCTAssertTrue(lines.first?.hasPrefix("moongate 0.") == true, "\(lines)")
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let head = try output("/usr/bin/git", package: "git", ["-C", root.path, "rev-parse", "--short=12", "HEAD"])
        XCTAssertTrue(lines[1].hasPrefix("commit \(head) ("), "\(lines[1]) vs \(head)")
        XCTAssertEqual(lines[2], "Lua " + (try output("/usr/bin/pkg-config", package: "pkg-config", ["--modversion", "lua5.4"])))
        XCTAssertTrue(lines[3].hasPrefix("libcurl " + (try output("/usr/bin/pkg-config", package: "pkg-config", ["--modversion", "libcurl"])) + " (OpenSSL/"), lines[3])
        XCTAssertEqual(lines[4], "CloudAPI 2016-07-14")
        let help = try moongate(["run", "--help"]).stdout
        for text in ["124", "143", "params", "--allow-exec", "MOONGATE_PATH"] {
            XCTAssertTrue(help.contains(text), text)
        }
    }

    func testCopiedBinaryStillHasItsStdlib() throws {
        let copy = dir.appendingPathComponent("bin/moongate")
        try FileManager.default.createDirectory(at: copy.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Self.binary, to: copy)
        let s = try script("insp.lua", "print(require('moongate.inspect')({b = 2, a = 1}))")
        let r = try moongate(["run", s], binary: copy)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, "{ a = 1, b = 2 }\n")
    }

    func testJSONLogLines() throws {
        let s = try script("log.lua", "require('moongate.log').warn('careful', {n = 3, token = 'x'})")
        let r = try moongate(["run", "--log-format", "json", s])
        let object = try JSONSerialization.jsonObject(with: Data(r.stderr.utf8)) as? [String: Any]
        XCTAssertEqual(object?["level"] as? String, "warn")
        XCTAssertEqual(object?["msg"] as? String, "careful")
        XCTAssertEqual(object?["n"] as? Int, 3)
        XCTAssertEqual(object?["token"] as? String, "***")
        XCTAssertNotNil(object?["time"])
    }

    func testLibFlagAndMoongatePath() throws {
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("lib1"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("lib2"), withIntermediateDirectories: true)
        try "return 'one'".write(to: dir.appendingPathComponent("lib1/m1.lua"), atomically: true, encoding: .utf8)
        try "return 'two'".write(to: dir.appendingPathComponent("lib2/m2.lua"), atomically: true, encoding: .utf8)
        let s = try script("req.lua", "print((require 'm1'), (require 'm2'))")
        var env = ProcessInfo.processInfo.environment
        env["MOONGATE_PATH"] = dir.appendingPathComponent("lib2").path
        let r = try moongate(["run", "--lib", "lib1", s], environment: env)
        XCTAssertEqual(r.stdout, "one\ttwo\n", r.stderr)
    }

    func testHelloExample() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let hello = root.appendingPathComponent("scripts/examples/hello.lua").path
        let r = try moongate(["run", "--log-format", "text", "-p", "name=operator", hello, "x", "y"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.hasPrefix("Hello, operator!\n"), r.stdout)
        XCTAssertTrue(r.stdout.contains("called with 2 argument(s): x, y"), r.stdout)
        XCTAssertTrue(r.stdout.contains("self = <cycle>"), r.stdout)
        XCTAssertTrue(r.stdout.contains("decoded: big is an integer (9223372036854775807), 2 groups, owner is null: true"), r.stdout)
        XCTAssertTrue(r.stderr.contains("INFO  greeted groups=2 name=operator password=***"), r.stderr)
    }

    /// A program's first line of output (the program from its Debian package, which bootstrap installs).
    private func output(_ program: String, package: String, _ arguments: [String]) throws -> String {
        let said = try runProgram(try requiredProgram(program, package: package), arguments).output
        return said.split(separator: "\n").first.map(String.init) ?? ""
    }
}
