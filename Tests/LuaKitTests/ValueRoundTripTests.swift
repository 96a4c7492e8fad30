// Values crossing the boundary: Swift → Lua → Swift, and Lua-made tables → Swift.
import LuaKit
import XCTest

final class ValueRoundTripTests: XCTestCase {
    var lua: LuaState!
    override func setUp() { lua = try! LuaState() }
    override func tearDown() { lua.close() }

    /// Pushes `value` as the chunk's argument and returns what the chunk returns unchanged.
    func roundTrip(_ value: LuaValue) throws -> LuaValue {
        try lua.run("return ...", args: [value]).first ?? .nil
    }

    func testScalarsKeepTheirType() throws {
        for v: LuaValue in [.nil, true, false, 0, .int(Int64.max), .int(Int64.min), 1.5, .double(2.0)] {
            XCTAssertEqual(try roundTrip(v), v)
        }
        XCTAssertEqual(try lua.run("return math.type(...)", args: [.int(Int64.max)]), ["integer"])
        XCTAssertEqual(try lua.run("return math.type(...)", args: [.double(2.0)]), ["float"])
        XCTAssertEqual(try lua.run("return 9223372036854775807, -9223372036854775807 - 1"),
                       [.int(Int64.max), .int(Int64.min)])
    }

    func testSpecialDoubles() throws {
        guard case .double(let z) = try roundTrip(.double(-0.0)) else { return XCTFail("not a double") }
        XCTAssertEqual(z, 0)
        XCTAssertEqual(z.sign, .minus)
        guard case .double(let nan) = try roundTrip(.double(.nan)) else { return XCTFail("not a double") }
        XCTAssertTrue(nan.isNaN)
        XCTAssertEqual(try roundTrip(.double(.infinity)), .double(.infinity))
        XCTAssertEqual(try lua.run("return 1/0, -1/0"), [.double(.infinity), .double(-.infinity)])
    }

    func testStringsAreBytes() throws {
        let zeros: LuaValue = .string([0x61, 0, 0x62, 0])
        XCTAssertEqual(try roundTrip(zeros), zeros)
        XCTAssertEqual(try lua.run("return #...", args: [zeros]), [4])
        let invalid: LuaValue = .string([0xFF, 0xFE, 0xC3, 0x28])
        XCTAssertEqual(try roundTrip(invalid), invalid)
        XCTAssertEqual(try lua.run("return 'a\\0b'"), [.string([0x61, 0, 0x62])])
        XCTAssertEqual(try roundTrip("héllo"), "héllo")
    }

    func testArraysMapsAndNesting() throws {
        let nested: LuaValue = ["list": [1, "two", [3.5, false]], "map": ["k": ["deep": 1]], "empty": [:]]
        XCTAssertEqual(try roundTrip(nested), nested)
        XCTAssertEqual(try lua.run("return {10, 20, 30}"), [[10, 20, 30]])
        XCTAssertEqual(try lua.run("return {x = 1, [2] = 'b'}"), [[.text("x"): 1, 2: "b"]])
    }

    func testSparseArraysBecomeMaps() throws {
        XCTAssertEqual(try lua.run("return {[1] = 'a', [3] = 'c'}"), [[1: "a", 3: "c"]])
        XCTAssertEqual(try lua.run("return {[2] = 'b'}"), [[2: "b"]])
        XCTAssertEqual(try lua.run("return {[0] = 'z', 'a'}"), [[0: "z", 1: "a"]])
    }

    func testEmptyArrayAndNullSurvive() throws {
        XCTAssertEqual(try roundTrip(.array([])), .array([]))
        XCTAssertEqual(try roundTrip(.map([:])), .map([:]))
        let withNull: LuaValue = [1, .nil, 3]
        XCTAssertEqual(try roundTrip(withNull), withNull)
        XCTAssertEqual(try lua.run("local t = ...; return #t", args: [withNull]), [3])
    }

    func testCyclesAreRefused() throws {
        XCTAssertThrowsError(try lua.run("local t = {}; t.self = t; return t")) { error in
            let e = error as? LuaError
            XCTAssertEqual(e?.kind, .conversion)
            XCTAssertTrue(e?.message.contains("cycle") ?? false, e?.message ?? "")
        }
        // Shared (not cyclic) tables are fine.
        XCTAssertEqual(try lua.run("local s = {1}; return {a = s, b = s}"), [["a": [1], "b": [1]]])
    }

    func testFunctionsDoNotConvert() throws {
        XCTAssertThrowsError(try lua.run("return {f = print}")) { error in
            XCTAssertEqual((error as? LuaError)?.message, "result.f: cannot convert a function value")
        }
    }
}
