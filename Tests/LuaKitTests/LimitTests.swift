// Timeout, stop requests and the memory limit on live scripts: the host survives and reports.
import Foundation
import LuaKit
import XCTest

final class LimitTests: XCTestCase {
    func testTimeoutStopsAnEndlessLoop() throws {
        let lua = try LuaState()
        lua.setTimeout(seconds: 0.3)
        XCTAssertThrowsError(try lua.run("while true do end", chunkName: "@loop.lua")) { error in
            let e = error as! LuaError
            XCTAssertEqual(e.kind, .timeout)
            XCTAssertTrue(e.message.contains("timeout"), e.message)
        }
    }

    func testTimeoutCannotBeSwallowedByPcall() throws {
        let lua = try LuaState()
        lua.setTimeout(seconds: 0.3)
        XCTAssertThrowsError(try lua.run("while true do pcall(function() while true do end end) end")) { error in
            XCTAssertEqual((error as! LuaError).kind, .timeout)
        }
    }

    func testStopRequestFromAnotherThread() throws {
        let lua = try LuaState()
        let stop = lua.stopSwitch
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.2) { stop.requestStop(signal: SIGINT) }
        XCTAssertThrowsError(try lua.run("local t = {}; while true do t[#t % 10 + 1] = 1 end")) { error in
            XCTAssertEqual((error as! LuaError).kind, .interrupted(SIGINT))
        }
    }

    func testMemoryLimitIsAnErrorNotACrash() throws {
        let lua = try LuaState()
        lua.memoryLimit = 8 << 20
        XCTAssertThrowsError(try lua.run("local t = {}; for i = 1, 1e9 do t[i] = ('x'):rep(100) .. i end")) { error in
            let e = error as! LuaError
            XCTAssertEqual(e.kind, .memory)
            XCTAssertTrue(e.message.contains("not enough memory"), e.message)
        }
        XCTAssertLessThanOrEqual(lua.memoryPeak, 8 << 20)
        // The state is still usable once the garbage is gone.
        XCTAssertEqual(try lua.run("collectgarbage(); return 1 + 1"), [2])
    }

    func testMemoryLimitCaughtByPcallInScript() throws {
        let lua = try LuaState()
        lua.memoryLimit = 4 << 20
        XCTAssertEqual(try lua.run("local ok, e = pcall(string.rep, 'x', 1 << 30); return ok, e"),
                       [false, "not enough memory"])
    }

    func testSwiftAllocationsPastTheLimitRaiseAfterReturning() throws {
        let lua = try LuaState()
        lua.memoryLimit = 4 << 20
        lua.register("big") { stack in
            stack.push(.string([UInt8](repeating: 65, count: 8 << 20)))
            return .values(1)
        }
        XCTAssertThrowsError(try lua.run("local s = big(); return #s")) { error in
            XCTAssertEqual((error as! LuaError).kind, .memory)
        }
        XCTAssertEqual(try lua.run("collectgarbage(); return 'alive'"), ["alive"])
    }
}
