// moongate.json through real scripts: CloudAPI's codec behind the Lua ↔ Value conversion.
import LuaKit
import XCTest

extension ScriptRunnerTests {
    func testJSONModule() throws {
        let results = try run("""
            local json = require "moongate.json"
            local t = json.decode('{"n": 9007199254740993, "f": 1.5, "e": [], "o": {}, "z": null}')
            return math.type(t.n), t.n, json.encode(t), t.z == json.null, json.encode(json.array({})),
                   json.encode({}), json.encode({1, 2, json.null})
            """)
        XCTAssertEqual(results, ["integer", .int(9_007_199_254_740_993),
                                 #"{"e":[],"f":1.5,"n":9007199254740993,"o":{},"z":null}"#, true, "[]", "{}", "[1,2,null]"])
        XCTAssertThrowsError(try run("require('moongate.json').encode({f = print})")) { error in
            XCTAssertTrue((error as! LuaError).message.contains("main.lua:1: json.encode.f: cannot convert a function value"),
                          "\(error)")
        }
    }

    func testJSONRoundTrip() throws {
        let text = #"{"a":[1,2.5,-0.0,"x\u0000y",null,true],"big":9223372036854775807,"e":[],"o":{}}"#
        let results = try run("""
            local json = require "moongate.json"
            local text, surrogates = ...
            local t = json.decode(text)
            return math.type(t.big), t.big, t.a[4], json.encode(t), t, json.decode(json.encode(t)), json.decode(surrogates)
            """) { $0.arguments = [text, #""\ud83d\ude00""#] }
        XCTAssertEqual(results.count, 7)
        XCTAssertEqual(results[0], "integer")
        XCTAssertEqual(results[1], .int(Int64.max))
        XCTAssertEqual(results[2], .string([0x78, 0, 0x79]))
        XCTAssertEqual(results[3], .text(text))
        XCTAssertEqual(results[5], results[4], "a value survives encode → decode")
        XCTAssertEqual(results[6], "😀")
    }

    func testJSONRefusals() throws {
        for (script, message) in [
            ("return json.encode({1, math.huge})", "json.encode: inf cannot be written as JSON (not a finite number)"),
            ("return json.encode({name = '\\255'})", "json.encode: value.name is not valid UTF-8 text"),
            ("return json.decode('[1,')", "json.decode: unexpected end of input at byte 3"),
        ] {
            XCTAssertThrowsError(try run("local json = require 'moongate.json'; " + script), script) { error in
                let got = (error as? LuaError)?.message ?? "\(error)"
                XCTAssertTrue(got.hasSuffix("/main.lua:1: " + message), "\(script): \(got)")
            }
        }
        XCTAssertThrowsError(try run("return require('moongate.json').encode(0/0)")) { error in
            XCTAssertTrue((error as? LuaError)?.message.hasSuffix("nan cannot be written as JSON (not a finite number)") ?? false,
                          "\(error)")
        }
    }

    func testJSONIndent() throws {
        let results = try run("""
            local json = require "moongate.json"
            return json.encode({b = 1, a = {2, {}}}, {indent = 4}), json.encode({b = 1}, {indent = 0})
            """)
        XCTAssertEqual(results, ["{\n    \"a\": [\n        2,\n        {}\n    ],\n    \"b\": 1\n}", #"{"b":1}"#])
    }
}

extension ScriptRunnerTests {
    /// JSON work Swift does for a script is bounded by what is left under the memory limit (issue 14):
    /// a 100 MB text from 100 KB of Lua strings, or a decode too big for the budget, is Lua's usual
    /// "not enough memory" (catchable, exit 1 when not), before Swift allocates it.
    func testJSONWorkIsBoundedByTheMemoryLimit() throws {
        let results = try run("""
            local json = require "moongate.json"
            local s, t = ("y"):rep(100000), {}
            for i = 1, 1000 do t[i] = s end
            local encoded, encodeError = pcall(function() return json.encode(t) end)
            local text = "[" .. ("1,"):rep(3000000) .. "1]"
            local decoded, decodeError = pcall(json.decode, text)
            local small = json.decode(json.encode({ a = { 1, 2, 3 } }))
            return encoded, encodeError, decoded, decodeError, small.a[3]
            """) { $0.memoryLimit = 32 << 20 }
        XCTAssertEqual(results.count, 5, "\(results)")
        XCTAssertEqual(results[0], false)
        XCTAssertTrue(results[1].text?.contains("main.lua:4: json.encode: the text would take more than the ") ?? false, "\(results)")
        XCTAssertTrue(results[1].text?.hasSuffix("left under the memory limit: not enough memory") ?? false, "\(results)")
        XCTAssertEqual(results[2], false)
        XCTAssertTrue(results[3].text?.contains("json.decode: 6000003 bytes of text needs more than the ") ?? false, "\(results)")
        XCTAssertTrue(results[3].text?.hasSuffix("left under the memory limit: not enough memory") ?? false, "\(results)")
        XCTAssertEqual(results[4], 3)
    }
}
