// What a script cannot reach (issue 14, review §2 #7): the type metatables are protected, the stdlib's
// `native` table is in no table a script can see, and tampering with package.loaded/preload makes no
// Swift frame raise — so the memory limit still holds afterwards. Against the in-process emulator.
import Foundation
import LuaKit
import Moongate
import XCTest

final class SandboxReachTests: ApiTestCase {
    func testTypeMetatablesAndTheStringMetatableAreProtected() throws {
        let results = try run("""
            local c = apigateway.default
            local ok, err = pcall(setmetatable, getmetatable(c), {})
            return getmetatable(c), getmetatable(""), ok, err, tostring(c):match("^apigateway%.Client")
            """)
        XCTAssertEqual(results.count, 5, "\(results)")
        XCTAssertEqual(results[0], .text("apigateway.Client"))
        XCTAssertEqual(results[1], .bool(false))
        XCTAssertEqual(results[2], .bool(false))
        XCTAssertTrue(results[3].text?.contains("table expected, got string") ?? false, "\(results)")
        XCTAssertEqual(results[4], .text("apigateway.Client"))
    }

    func testTheNativeTableIsOutOfReach() throws {
        let results = try run("""
            local ok, err = pcall(require, "moongate.native")
            -- Calling a stdlib loader by hand runs the module again; it does not hand out what it was given.
            local fresh = package.preload["moongate.redact"]("moongate.redact")
            local leaked = {}
            for k, v in pairs(fresh) do if type(v) == "table" and v.start then leaked[#leaked + 1] = k end end
            return ok, err, package.loaded["moongate.native"], package.preload["moongate.native"], #leaked,
              type(apigateway.default.create_backend)
            """)
        XCTAssertEqual(results.first, .bool(false))
        XCTAssertTrue(results[1].text?.contains("module 'moongate.native' not found") ?? false, "\(results)")
        XCTAssertEqual(Array(results[2...]), [.nil, .nil, 0, .text("function")])
    }

    func testTheReviewAttackFailsCleanlyAndTheMemoryLimitStillHolds() throws {
        // The attack: take the client type's metatable, drop __index, give it an erroring __newindex, then
        // make Swift write to it. It used to raise inside Swift, skip the trampoline's bookkeeping and turn
        // the memory limit off for the rest of the run. Then the same with package.loaded and preload.
        let results = try run("""
            local c = apigateway.default
            local steps = {}
            steps[1] = select(2, pcall(function()
              local mt = getmetatable(c)
              rawset(mt, "__index", nil)
              setmetatable(mt, { __newindex = function() error("boom") end })
              require("moongate.native").set_client_methods({})
            end))
            local trap = { __newindex = function() error("boom") end, __index = function() error("boom") end }
            setmetatable(package.loaded, trap)
            setmetatable(package.preload, trap)
            steps[2] = select(2, pcall(require, "moongate.cleanup"))
            setmetatable(package.loaded, nil)
            setmetatable(package.preload, nil)
            local created = c:create_backend{ BackendName = "after-attack", BackendType = "HTTP" }
            local ok, err = pcall(string.rep, "x", 64 * 1024 * 1024)
            return steps[1], steps[2], created.BackendId ~= nil, ok, err
            """) { $0.memoryLimit = 16 << 20 }
        XCTAssertEqual(results.count, 5, "\(results)")
        XCTAssertTrue(results[0].text?.contains("bad argument #1 to 'rawset' (table expected, got string)") ?? false, "\(results)")
        XCTAssertTrue(results[1].text?.contains("boom") ?? false, "\(results)")
        XCTAssertEqual(results[2], .bool(true))
        XCTAssertEqual(results[3], .bool(false), "the memory limit no longer held")
        XCTAssertTrue(results[4].text?.contains("not enough memory") ?? false, "\(results)")
        XCTAssertTrue(try backendNames().contains("after-attack"))
    }
}
