// Swift functions called from Lua: results, raised errors, yields, userdata.
import LuaKit
import XCTest

final class FunctionTests: XCTestCase {
    var lua: LuaState!
    override func setUp() { lua = try! LuaState() }
    override func tearDown() { lua.close() }

    func testSwiftFunctionReturnsValues() throws {
        lua.register("add") { stack in
            let a = try stack.int(at: 1), b = try stack.int(at: 2)
            stack.push(.int(a + b))
            return .values(1)
        }
        XCTAssertEqual(try lua.run("return add(40, 2)"), [42])
    }

    func testSwiftErrorIsRaisedWithScriptLine() throws {
        lua.register("fail") { _ in throw LuaRaise.message("CreateBackend: missing required parameter BackendName") }
        XCTAssertThrowsError(try lua.run("local x = 1\nfail()\n", chunkName: "@cleanup.lua")) { error in
            let e = error as! LuaError
            XCTAssertEqual(e.kind, .runtime)
            XCTAssertEqual(e.message, "cleanup.lua:2: CreateBackend: missing required parameter BackendName")
            XCTAssertEqual(e.chunk, "cleanup.lua")
            XCTAssertEqual(e.line, 2)
            XCTAssertTrue(e.traceback?.contains("stack traceback") ?? false)
        }
    }

    func testErrorTablesCanBeCaughtByPcall() throws {
        lua.register("fail") { _ in throw LuaRaise.value(["code": "NotFound", "message": "no such group"]) }
        XCTAssertEqual(try lua.run("local ok, e = pcall(fail); return ok, e.code, e.message"),
                       [false, "NotFound", "no such group"])
        // Many raises must not leak or crash (the Swift frame is gone before lua_error).
        XCTAssertEqual(try lua.run("local n = 0; for i = 1, 10000 do if not pcall(fail) then n = n + 1 end end; return n"),
                       [10000])
    }

    func testArgumentErrors() throws {
        lua.register("need") { stack in _ = try stack.int(at: 1); return .values(0) }
        XCTAssertThrowsError(try lua.run("need('x')", chunkName: "=t")) { error in
            XCTAssertEqual((error as! LuaError).message, "t:1: bad argument #1 to 'need' (integer expected, got string)")
        }
    }

    func testYieldFromSwiftAndResume() throws {
        // Yields its argument doubled; on resume returns what the resumer passed, plus one.
        lua.register("ask") { stack in
            if stack.isResumed {
                let answer = try stack.int(at: -1)
                stack.push(.int(answer + 1))
                return .values(1)
            }
            stack.push(.int(try stack.int(at: 1) * 2))
            return .yield(1)
        }
        let script = """
        local co = coroutine.wrap(function(x) return 'done', ask(x) end)
        local asked = co(21)
        local tag, got = co(asked + 100)
        return asked, tag, got
        """
        XCTAssertEqual(try lua.run(script), [42, "done", 143])
    }

    func testUserdataHasNamedType() throws {
        final class Counter { var n: Int64 = 0 }
        lua.defineType("demo.Counter", methods: [
            "next": { stack in
                let c = try stack.checkObject(at: 1, typeName: "demo.Counter", as: Counter.self)
                c.n += 1
                stack.push(.int(c.n))
                return .values(1)
            }
        ])
        lua.register("counter") { stack in stack.push(object: Counter(), typeName: "demo.Counter"); return .values(1) }
        XCTAssertEqual(try lua.run("local c = counter(); c:next(); return c:next(), tostring(c):match('^demo.Counter')"),
                       [2, "demo.Counter"])
        XCTAssertThrowsError(try lua.run("local c = counter(); return c.next({})")) { error in
            XCTAssertTrue((error as! LuaError).message.contains("demo.Counter expected, got table"))
        }
    }

    func testModulesThroughRequire() throws {
        lua.registerModule("demo.answer") { stack in stack.push(["value": 42]) }
        XCTAssertEqual(try lua.run("return require('demo.answer').value, require('demo.answer') == require('demo.answer')"),
                       [42, true])
    }
}
