// Errors carry chunk, line and traceback, also through nested requires of real files.
import Foundation
import LuaKit
import XCTest

/// A temporary directory removed at deinit.
final class TempDir {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("luakit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    func write(_ name: String, _ text: String) throws {
        let file = url.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: file, atomically: true, encoding: .utf8)
    }
    deinit { try? FileManager.default.removeItem(at: url) }
}

final class ErrorLocationTests: XCTestCase {
    func testNestedRequireReportsTheModuleLine() throws {
        let dir = try TempDir()
        try dir.write("outer.lua", "local M = {}\nlocal inner = require 'inner'\nfunction M.go() local r = inner.fail(); return r end\nreturn M\n")
        try dir.write("inner.lua", "local M = {}\n\nfunction M.fail()\n  error('inner broke')\nend\nreturn M\n")
        let lua = try LuaState()
        let script = "package.path = ...\nlocal outer = require 'outer'\nouter.go()\n"
        XCTAssertThrowsError(try lua.run(script, chunkName: "@main.lua", args: [.text(dir.url.path + "/?.lua")])) { error in
            let e = error as! LuaError
            XCTAssertEqual(e.line, 4)
            XCTAssertTrue(e.chunk?.hasSuffix("inner.lua") ?? false, e.chunk ?? "")
            XCTAssertTrue(e.message.hasSuffix("inner.lua:4: inner broke"), e.message)
            let tb = e.traceback ?? ""
            XCTAssertTrue(tb.contains("outer.lua:3"), tb)
            XCTAssertTrue(tb.contains("main.lua:3"), tb)
        }
    }

    func testSyntaxErrorInRequiredModule() throws {
        let dir = try TempDir()
        try dir.write("bad.lua", "local x = \n\nlocal = 2\n")
        let lua = try LuaState()
        XCTAssertThrowsError(try lua.run("package.path = ...\nrequire 'bad'", chunkName: "@main.lua",
                                         args: [.text(dir.url.path + "/?.lua")])) { error in
            let e = error as! LuaError
            XCTAssertTrue(e.message.contains("bad.lua:3:"), e.message)
        }
    }

    func testSyntaxErrorOfTheMainChunk() throws {
        let lua = try LuaState()
        XCTAssertThrowsError(try lua.check(Array("x = = 1".utf8), chunkName: "@s.lua")) { error in
            let e = error as! LuaError
            XCTAssertEqual(e.kind, .syntax)
            XCTAssertEqual(e.line, 1)
            XCTAssertTrue(e.message.hasPrefix("s.lua:1: unexpected symbol"), e.message)
        }
    }

    func testErrorWithoutPositionGetsTheLine() throws {
        let lua = try LuaState()
        XCTAssertThrowsError(try lua.run("\nerror({code = 'X'})", chunkName: "@t.lua")) { error in
            let e = error as! LuaError
            XCTAssertEqual(e.value, ["code": "X"])
            XCTAssertEqual(e.line, 2)
            XCTAssertTrue(e.message.hasPrefix("t.lua:2: "), e.message)
        }
    }
}
