import CloudAPI
import XCTest

/// Which proxy a request takes (flag, environment, NO_PROXY) and how a proxy is shown.
final class ProxyConfigurationTests: XCTestCase {
    let key = ["ALIBABA_CLOUD_ACCESS_KEY_ID": "id", "ALIBABA_CLOUD_ACCESS_KEY_SECRET": "secret", "ALIBABA_CLOUD_REGION_ID": "cn-hangzhou"]

    func resolve(_ environment: [String: String], endpoint: String? = nil, proxy: String? = nil) throws -> ClientConfiguration {
        try ConfigurationResolver(environment: key.merging(environment) { _, new in new }, homeDirectory: "/nonexistent")
            .resolve(.init(endpoint: endpoint, proxy: proxy))
    }

    func testTheEnvironmentNamesTheProxyPerScheme() throws {
        let env = ["HTTPS_PROXY": "http://secure:3128", "http_proxy": "plain:8080", "ALL_PROXY": "socks5h://all:1080"]
        XCTAssertEqual(try resolve(env).proxy?.description, "http://secure:3128")
        XCTAssertEqual(try resolve(env, endpoint: "http://127.0.0.1:9780").proxy?.description, "http://plain:8080")
        XCTAssertEqual(try resolve(["ALL_PROXY": "socks5h://all:1080"]).proxy?.description, "socks5h://all:1080")
        XCTAssertEqual(try resolve(["https_proxy": "http://lower:1", "HTTPS_PROXY": "http://upper:2"]).proxy?.description, "http://lower:1")
        XCTAssertNil(try resolve([:]).proxy)
        XCTAssertEqual(try resolve(env, proxy: "http://flag:9").proxy?.description, "http://flag:9")
        XCTAssertNil(try resolve(env, proxy: "").proxy, "--proxy \"\" turns the environment's off")
    }

    func testAProxyIsShownWithoutItsCredentials() throws {
        let configuration = try resolve(["HTTPS_PROXY": "http://alice:pa55-word@proxy.corp:3128"])
        XCTAssertEqual(configuration.proxy?.description, "http://proxy.corp:3128")
        XCTAssertFalse("\(configuration)".contains("pa55"), "\(configuration)")
        var dumped = ""
        dump(configuration, to: &dumped)
        XCTAssertFalse(dumped.contains("pa55"), dumped)
        XCTAssertFalse(dumped.contains("alice"), dumped)
        XCTAssertThrowsError(try resolve(["HTTPS_PROXY": "ftp://alice:pa55-word@x"])) { error in
            XCTAssertTrue("\(error)".hasPrefix("HTTPS_PROXY: not a proxy URL"), "\(error)")
            XCTAssertFalse("\(error)".contains("pa55"))
        }
    }

    func testNoProxyMatchesHostsDomainsAndRanges() {
        let list = NoProxy(" .corp.example, 10.0.0.0/8 ,localhost,192.168.1.7")
        XCTAssertTrue(list.bypasses("corp.example"))
        XCTAssertTrue(list.bypasses("api.corp.example"))
        XCTAssertFalse(list.bypasses("notcorp.example"))
        XCTAssertTrue(list.bypasses("10.20.30.40"))
        XCTAssertFalse(list.bypasses("11.0.0.1"))
        XCTAssertTrue(list.bypasses("LOCALHOST"))
        XCTAssertTrue(list.bypasses("192.168.1.7"))
        XCTAssertFalse(list.bypasses("192.168.1.70"))
        XCTAssertTrue(NoProxy("*").bypasses("anything"))
        XCTAssertFalse(NoProxy(nil).bypasses("anything"))
    }

    func testPlainHTTPOnlyToLoopbackAndAMissingCABundle() {
        for endpoint in ["http://127.0.0.1:9780", "http://localhost", "http://[::1]:8080", "http://127.1.2.3"] {
            XCTAssertNoThrow(try ConfigurationResolver.checkFlags(endpoint: endpoint, proxy: nil, caBundle: nil), endpoint)
        }
        for endpoint in ["http://example.com", "http://10.0.0.1", "http://127.0.0.1.example.com"] {
            XCTAssertThrowsError(try ConfigurationResolver.checkFlags(endpoint: endpoint, proxy: nil, caBundle: nil), endpoint) {
                XCTAssertTrue("\($0)".contains("plain http is only for loopback"), "\($0)")
            }
        }
        XCTAssertThrowsError(try resolve(["SSL_CERT_FILE": "/nonexistent/ca.pem"])) {
            XCTAssertEqual("\($0)", "SSL_CERT_FILE /nonexistent/ca.pem: no such readable file (a PEM file of CA certificates)")
        }
    }
}
