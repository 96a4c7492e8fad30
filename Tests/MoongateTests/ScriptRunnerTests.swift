// ScriptRunner through real script files: params/arg, stdlib modules, --lib and MOONGATE_PATH.
import Foundation
import LuaKit
import Moongate
import XCTest

final class ScriptRunnerTests: XCTestCase {
    var dir: URL!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("moongate-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    override func tearDown() { try? FileManager.default.removeItem(at: dir) }

    func write(_ name: String, _ text: String) throws -> String {
        let url = dir.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    func run(_ script: String, _ configure: (inout RunOptions) -> Void = { _ in }) throws -> [LuaValue] {
        var options = RunOptions(scriptPath: try write("main.lua", script), environment: [:])
        configure(&options)
        return try ScriptRunner(options: options).run()
    }

    func testArgumentsAndParams() throws {
        let results = try run("return arg[1], arg[2], select('#', ...), params.region, require('moongate').params == params") {
            $0.arguments = ["one", "two"]
            $0.params = ["region": "cn-hangzhou"]
        }
        XCTAssertEqual(results, ["one", "two", 2, "cn-hangzhou", true])
        XCTAssertEqual(try run("return arg[0]").first?.text?.hasSuffix("main.lua"), true)
    }

    func testStdlibModulesAreEmbedded() throws {
        XCTAssertEqual(Set(ScriptRunner.stdlibModuleNames), [
            "moongate", "moongate.inspect", "moongate.log", "moongate.redact", "moongate.scheduler", "moongate.apigateway",
            "moongate.table", "moongate.runbook", "moongate.runbook.journal", "moongate.runbook.progress", "moongate.cleanup", "moongate.options", "moongate.test",
        ])
        let results = try run("""
            local m = require "moongate"
            return m.inspect({b = 1, a = {2, 3}}), type(m.log.info), m.json == require "moongate.json"
            """)
        XCTAssertEqual(results, ["{ a = { 2, 3 }, b = 1 }", "function", true])
    }

    func testInspectMarksCycles() throws {
        XCTAssertEqual(try run("local t = {1}; t.me = t; return require('moongate.inspect')(t)"), ["{ 1, me = <cycle> }"])
    }

    func testLibFoldersAndMoongatePath() throws {
        _ = try write("team1/greet.lua", "return { hi = function() return 'hi from team1' end }")
        _ = try write("team2/tools/init.lua", "return { name = 'tools' }")
        let results = try run("return require('greet').hi(), require('tools').name") {
            $0.libraryPaths = [self.dir.appendingPathComponent("team1").path]
            $0.environment = ["MOONGATE_PATH": "/nonexistent:" + self.dir.appendingPathComponent("team2").path]
        }
        XCTAssertEqual(results, ["hi from team1", "tools"])
    }

    func testFailedRequireListsTheLibFolders() throws {
        let lib = dir.appendingPathComponent("teamlib").path
        XCTAssertThrowsError(try run("require 'missing.mod'") { $0.libraryPaths = [lib] }) { error in
            let message = (error as! LuaError).message
            XCTAssertTrue(message.contains("module 'missing.mod' not found"), message)
            XCTAssertTrue(message.contains("\(lib)/missing/mod.lua"), message)
            XCTAssertTrue(message.contains("\(lib)/missing/mod/init.lua"), message)
        }
    }

    func testLimitsThroughOptions() throws {
        XCTAssertThrowsError(try run("while true do end") { $0.timeout = 0.3 }) { error in
            XCTAssertEqual(ExitStatus.forError(error), .timeout)
        }
        XCTAssertThrowsError(try run("local t = {} for i = 1, 1e12 do t[i] = i .. 'x' end") { $0.memoryLimit = 16 << 20 }) { error in
            XCTAssertEqual((error as! LuaError).kind, .memory)
            XCTAssertEqual(ExitStatus.forError(error), .scriptError)
        }
    }

    func testCheckReportsSyntaxErrors() throws {
        let good = try write("good.lua", "print('ok')")
        let bad = try write("bad.lua", "local x = \n\nend")
        let failures = ScriptRunner.check(paths: [good, bad])
        XCTAssertEqual(failures.count, 1)
        XCTAssertTrue(failures[0].hasPrefix("\(bad):3: "), failures[0])
    }

    func testByteCounts() {
        XCTAssertEqual(parseByteCount("64M"), 64 << 20)
        XCTAssertEqual(parseByteCount("1G"), 1 << 30)
        XCTAssertEqual(parseByteCount("512k"), 512 << 10)
        XCTAssertEqual(parseByteCount("1048576"), 1_048_576)
        XCTAssertNil(parseByteCount("12X"))
        XCTAssertNil(parseByteCount("-5M"))
        XCTAssertEqual(formatByteCount(64 << 20), "64M")
    }
}
