// Numbers at the edge of what a script can pass (review 2026-11-24 §2 #1): each is a Lua error naming the
// option, never a trap (math.huge timeout, maxinteger retries or indent) nor a hang (rate = 1e-320).
import Foundation
import LuaKit
import Moongate
import XCTest

final class NumericBoundsTests: ApiTestCase {
    func testHostileNumbersAreLuaErrorsNamingTheOption() throws {
        let cases: [(code: String, expected: String)] = [
            ("apigateway.client{ timeout = math.huge }", "apigateway.client: timeout: expected a number of seconds from 0.001 to 3600 (got inf)"),
            ("apigateway.client{ timeout = 1e300 }", "apigateway.client: timeout: expected a number of seconds from 0.001 to 3600"),
            ("apigateway.client{ timeout = 0/0 }", "apigateway.client: timeout: expected a number of seconds"),
            ("apigateway.client{ retries = math.maxinteger }", "apigateway.client: retries: expected an integer from 0 to 100"),
            ("apigateway.client{ retries = -1 }", "apigateway.client: retries: expected an integer from 0 to 100"),
            ("apigateway.client{ rate = 1e-320 }", "apigateway.client: rate: expected a number of calls per second from 0.001 to 1000000"),
            ("apigateway.client{ rate = math.huge }", "apigateway.client: rate: expected a number of calls per second"),
            ("moongate.json.encode({a = {b = 1}}, { indent = math.maxinteger })", "json.encode: indent: expected an integer from 0 to 16"),
            ("moongate.json.encode({a = 1}, { indent = 1e9 })", "json.encode: indent: expected an integer from 0 to 16"),
            ("moongate.json.encode({a = 1}, { indent = -3 })", "json.encode: indent: expected an integer from 0 to 16"),
        ]
        for (code, expected) in cases {
            let results = try run("""
                local moongate = require "moongate"
                local ok, err = pcall(function() return \(code) end)
                return ok, tostring(err)
                """)
            XCTAssertEqual(results.first, .bool(false), code)
            XCTAssertTrue(results.last?.text?.contains(expected) ?? false, "\(code): \(results)")
        }
    }

    func testBoundsThemselvesAreAccepted() throws {
        let results = try run("""
            local moongate = require "moongate"
            local c = apigateway.client{ timeout = 3600, retries = 100, rate = 1000000 }
            return c:describe_backend_list{}.TotalCount, moongate.json.encode({a = 1}, { indent = 16 })
            """)
        XCTAssertEqual(results, [1, .text("{\n                \"a\": 1\n}")])
    }

    func testLuaStateTimeoutSaturates() throws {
        let lua = try LuaState()
        for seconds in [1e300, .infinity, .nan, -5] {
            lua.setTimeout(seconds: seconds)  // trapped converting to nanoseconds before
        }
        lua.setTimeout(seconds: 1e300)
        XCTAssertEqual(try lua.run("return 1 + 1"), [2], "a deadline centuries away lets the script run")
        XCTAssertFalse(lua.deadlinePassed)
    }
}
