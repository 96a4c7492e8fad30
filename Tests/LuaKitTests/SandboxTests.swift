// Every sandbox denial, and what --allow-exec gives back.
import Foundation
import LuaKit
import MoongateTestSupport
import XCTest

final class SandboxTests: XCTestCase {
    func testDeniedByDefault() throws {
        let lua = try LuaState()
        let absent = ["os.execute", "io.popen", "package.loadlib", "debug", "string.dump", "os.exit",
                      "package.searchers[3]", "package.searchers[4]", "('').dump"]
        for name in absent {
            XCTAssertEqual(try lua.run("return \(name) == nil"), [true], name)
        }
        XCTAssertEqual(try lua.run("return package.cpath"), [""])
        XCTAssertEqual(try lua.run("return pcall(require, 'debug')").first, false)
    }

    func testAllowedLibrariesStay() throws {
        let lua = try LuaState()
        let present = ["os.time", "os.clock", "os.date", "os.getenv", "os.difftime", "os.tmpname", "os.remove",
                       "os.rename", "io.open", "io.lines", "string.format", "table.concat", "math.floor",
                       "utf8.char", "coroutine.wrap", "require", "load", "loadfile", "dofile"]
        for name in present {
            XCTAssertEqual(try lua.run("return type(\(name))"), ["function"], name)
        }
    }

    func testAllowExecGivesExecAndPopenBack() throws {
        let lua = try LuaState(sandbox: LuaSandbox(allowExec: true))
        XCTAssertEqual(try lua.run("return type(os.execute), type(io.popen), debug == nil"),
                       ["function", "function", true])
        XCTAssertEqual(try lua.run("local p = io.popen('echo hi'); local s = p:read('l'); p:close(); return s"), ["hi"])
    }

    func testBinaryChunksAreRefusedEverywhere() throws {
        let dir = try TempDir()
        // A real precompiled chunk (lua_dump, Tests/Support), so the refusal is not just of a magic prefix.
        let binary = try luaBinaryChunk("return 'compiled'")
        try Data(binary).write(to: dir.url.appendingPathComponent("bin.lua"))
        let lua = try LuaState()
        let path = dir.url.appendingPathComponent("bin.lua").path
        let ok = try lua.run("""
        local path, dir = ...
        local f1, e1 = load(string.char(27) .. 'LuaT rest', 'blob')
        local f2, e2 = loadfile(path)
        local ok3, e3 = pcall(dofile, path)
        package.path = dir .. '/?.lua'
        local ok4, e4 = pcall(require, 'bin')
        return f1 == nil and e1, f2 == nil and e2, not ok3 and e3, not ok4 and e4
        """, args: [.text(path), .text(dir.url.path)])
        XCTAssertEqual(ok.count, 4)
        for v in ok {
            XCTAssertTrue(v.text?.contains("binary (precompiled) chunks are not allowed") ?? false, "\(v)")
        }
        XCTAssertThrowsError(try lua.run(source: binary, chunkName: "@bin.lua")) { error in
            XCTAssertEqual((error as! LuaError).message,
                           "bin.lua: binary (precompiled) chunks are not allowed: load Lua source text")
        }
    }

    func testLoadKeepsExplicitEnvironment() throws {
        let lua = try LuaState()
        XCTAssertEqual(try lua.run("return load('return x', 'c', 't', {x = 7})()"), [7])
        XCTAssertEqual(try lua.run("x = 3; return load('return x')()"), [3])
    }
}
