import CloudAPI
import Foundation
import XCTest

final class ValueJSONTests: XCTestCase {
    func testScalarsKeepTheirKind() throws {
        XCTAssertEqual(try Value(json: "42"), .int(42))
        XCTAssertEqual(try Value(json: "1.0"), .double(1.0))
        XCTAssertEqual(try Value(json: "-7"), .int(-7))
        XCTAssertEqual(try Value(json: "1e3"), .double(1000))
        XCTAssertEqual(try Value(json: "9223372036854775807"), .int(Int64.max))
        XCTAssertEqual(try Value(json: "-9223372036854775808"), .int(Int64.min))
        XCTAssertEqual(try Value(json: "9223372036854775808"), .double(9223372036854775808))
        XCTAssertEqual(try Value(json: " true "), .bool(true))
        XCTAssertEqual(try Value(json: "null"), .null)
        let negativeZero = try Value(json: "-0.0").doubleValue!
        XCTAssertTrue(negativeZero == 0 && negativeZero.sign == .minus)
        XCTAssertEqual(try Value(json: "-0").doubleValue?.sign, .minus)
    }

    func testRoundTripIsExact() throws {
        let text = #"{"a":[1,2.5,-0.0,1.0,1e+16,true,false,null],"b":{"c":"x\"y\\z\n\t\u0001"},"big":9007199254740993,"u":"测试 😀"}"#
        let value = try Value(json: text)
        XCTAssertEqual(value["big"], .int(9007199254740993))
        XCTAssertEqual(value["u"], .string("测试 😀"))
        XCTAssertEqual(try value.jsonString(), text)
        XCTAssertEqual(try Value(json: value.jsonBytes()), value)
    }

    func testUnicodeEscapesAndSurrogatePairs() throws {
        XCTAssertEqual(try Value(json: #""\u00e9\u6D4B\ud83d\ude00\/""#), .string("é测😀/"))
        XCTAssertThrowsError(try Value(json: #""\ud83d""#)) { error in
            XCTAssertEqual((error as? JSONError)?.offset, 1)
            XCTAssertTrue("\(error)".contains("unpaired surrogate"))
        }
        XCTAssertThrowsError(try Value(json: #""\ude00x""#))
        XCTAssertThrowsError(try Value(json: Array([0x22, 0xFF, 0x22])))  // invalid UTF-8
        // Raw runs and escapes interleaved: the run before, between and after each escape is kept.
        XCTAssertEqual(try Value(json: #""测a\nb\"c\u00e9d😀""#), .string("测a\nb\"céd😀"))
        XCTAssertThrowsError(try Value(json: Array([0x22, 0x5C, 0x6E, 0xC3, 0x22])))  // invalid UTF-8 after an escape
    }

    func testErrorsNameTheByteOffset() {
        func offset(_ text: String) -> Int? {
            do { _ = try Value(json: text); return nil } catch { return (error as? JSONError)?.offset }
        }
        XCTAssertEqual(offset("[1,]"), 3)
        XCTAssertEqual(offset(#"{"a" 1}"#), 5)
        XCTAssertEqual(offset("[1] x"), 4)
        XCTAssertEqual(offset("01"), 0)
        XCTAssertEqual(offset(#""abc"#), 4)
        XCTAssertEqual(offset(""), 0)
        XCTAssertEqual(offset("tru"), 3)
        XCTAssertEqual(offset("\"a\nb\""), 2)
        XCTAssertEqual("\(JSONError("unexpected character \"]\"", offset: 3))", #"JSON: unexpected character "]" at byte 3"#)
    }

    func testDeepNestingIsRefusedNotACrash() {
        let deep = String(repeating: "[", count: 100_000)
        XCTAssertThrowsError(try Value(json: deep)) { error in
            XCTAssertTrue("\(error)".contains("nesting deeper"))
        }
    }

    func testEncodingSortsKeysAndRefusesNonFinite() throws {
        let value: Value = ["b": 1, "a": ["z": nil, "é": 2.5], "B": "x"]
        XCTAssertEqual(try value.jsonString(), #"{"B":"x","a":{"z":null,"é":2.5},"b":1}"#)
        XCTAssertEqual(try Value.array([]).jsonString(), "[]")
        XCTAssertEqual(try value.jsonString(.pretty), "{\n  \"B\": \"x\",\n  \"a\": {\n    \"z\": null,\n    \"é\": 2.5\n  },\n  \"b\": 1\n}")
        XCTAssertEqual(try Value.array([1, ["k": []]]).jsonString(.init(pretty: true, indentWidth: 4)),
                       "[\n    1,\n    {\n        \"k\": []\n    }\n]")
        XCTAssertThrowsError(try Value.double(.nan).jsonString())
        XCTAssertThrowsError(try Value.array([.double(.infinity)]).jsonData())
        XCTAssertEqual(try Value.double(0.1).jsonString(), "0.1")
        XCTAssertEqual(try Value.double(-0.0).jsonString(), "-0.0")
    }

    func testAccessors() {
        let value: Value = ["list": ["wrap": [1, 2]], "n": 3.0]
        XCTAssertEqual(value[path: ["list", "wrap"]]?[1], .int(2))
        XCTAssertEqual(value["n"]?.intValue, 3)
        XCTAssertNil(Value.double(3.5).intValue)
        XCTAssertEqual(Value.int(3).typeName, "integer")
    }
}
