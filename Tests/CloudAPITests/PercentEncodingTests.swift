import CloudAPI
import XCTest

final class PercentEncodingTests: XCTestCase {
    func testOnlyUnreservedStayBare() {
        XCTAssertEqual(PercentEncoding.encode("AZaz09-_.~"), "AZaz09-_.~")
        XCTAssertEqual(PercentEncoding.encode("测试 后端 *~/+&=%"), "%E6%B5%8B%E8%AF%95%20%E5%90%8E%E7%AB%AF%20%2A~%2F%2B%26%3D%25")
        XCTAssertEqual(PercentEncoding.encode("😀:,"), "%F0%9F%98%80%3A%2C")
        XCTAssertEqual(PercentEncoding.encode(""), "")
    }

    func testFormDecodingOfARawQuery() {
        let pairs = PercentEncoding.decodeQuery("BackendName=test+Backend+%E6%B5%8B%E8%AF%95&Description=a%2Ab~c%2Fd&Empty=&Flag&&Bad=%zz%4")
        XCTAssertEqual(pairs.map(\.0), ["BackendName", "Description", "Empty", "Flag", "Bad"])
        XCTAssertEqual(pairs.map(\.1), ["test Backend 测试", "a*b~c/d", "", "", "%zz%4"])
        XCTAssertEqual(PercentEncoding.decode("a+b", plusAsSpace: false), "a+b")
    }

    func testEncodeThenDecodeIsIdentity() {
        for text in ["a b+c", "{\"k\":\"v\"}", "测 😀 ~*"] {
            XCTAssertEqual(PercentEncoding.decode(PercentEncoding.encode(text)), text)
        }
    }
}
