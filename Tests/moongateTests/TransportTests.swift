// The transport for real: HTTPS to the emulator with a throwaway CA (verification always on), a real
// forward proxy (tinyproxy) with a password that never shows, NO_PROXY, a dead proxy, and the rule
// that plain http goes only to loopback.
import Foundation
import MoongateTestSupport
import XCTest

final class TransportTests: CommandTestCase {
    /// Creates a backend and reads it back through the list: proof that both a write and a read went through.
    let createAndList = """
        local c = apigateway.default
        local id = c:create_backend{ BackendName = "via-" .. arg[1], BackendType = "HTTP" }.BackendId
        local found
        for b in c:each("DescribeBackendList") do if b.BackendId == id then found = b.BackendName end end
        print(found)
        """

    /// The test's environment without any proxy or CA variable of the machine, plus `extra`.
    func environment(_ extra: [String: String] = [:]) -> [String: String] {
        var env = emulatorKeyEnvironment
        for name in ["https_proxy", "HTTPS_PROXY", "http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY",
                     "no_proxy", "NO_PROXY", "SSL_CERT_FILE"] { env[name] = nil }
        return env.merging(extra) { _, new in new }
    }

    func startTLSEmulator() throws -> (MoongateProcess, Int, ThrowawayCA) {
        let ca = try ThrowawayCA(in: dir)
        let (emulator, port) = try startEmulator(["--tls-cert", ca.serverCertificate, "--tls-key", ca.serverKey])
        XCTAssertTrue(emulator.stdoutSoFar.contains("listening on https://127.0.0.1:\(port)"), emulator.stdoutSoFar)
        return (emulator, port, ca)
    }

    func testHTTPSWithAPrivateCAFromTheFlagOrSSL_CERT_FILE() throws {
        let (emulator, port, ca) = try startTLSEmulator()
        defer { emulator.signal(SIGKILL) }
        let s = try script("tls.lua", createAndList)
        let endpoint = "https://127.0.0.1:\(port)"

        let flag = try moongate(["run", "--endpoint", endpoint, "--ca-bundle", ca.certificate, s, "flag"], environment: environment())
        XCTAssertEqual(flag.status, 0, flag.stderr)
        XCTAssertEqual(flag.stdout, "via-flag\n")

        let variable = try moongate(["run", "--endpoint", endpoint, s, "env"], environment: environment(["SSL_CERT_FILE": ca.certificate]))
        XCTAssertEqual(variable.status, 0, variable.stderr)
        XCTAssertEqual(variable.stdout, "via-env\n")
    }

    func testAnUntrustedCertificateIsOneClearErrorAndNothingIsSent() throws {
        let (emulator, port, ca) = try startTLSEmulator()
        defer { emulator.signal(SIGKILL) }
        let s = try script("tls.lua", createAndList)
        let endpoint = "https://127.0.0.1:\(port)"
        for (label, extra) in [("system CAs", [String]()), ("another CA", ["--ca-bundle", ca.otherCertificate])] {
            let started = Date()
            let r = try moongate(["run", "--endpoint", endpoint] + extra + [s, "x"], environment: environment())
            XCTAssertNotEqual(r.status, 0, label)
            XCTAssertTrue(r.stderr.contains("tls.lua:2: CreateBackend: Moongate.TLSFailed: TLS with \(endpoint) failed"), "\(label): \(r.stderr)")
            XCTAssertTrue(r.stderr.contains("--ca-bundle FILE or set SSL_CERT_FILE"), r.stderr)
            XCTAssertLessThan(Date().timeIntervalSince(started), 5, "not retried, never a hang")
        }
        let missing = try moongate(["run", "--endpoint", endpoint, "--ca-bundle", "no-such.pem", s, "x"], environment: environment())
        XCTAssertEqual(missing.status, 64, missing.stderr)
        XCTAssertTrue(missing.stderr.contains("--ca-bundle no-such.pem: no such readable file"), missing.stderr)
        // Nothing reached the service: the list (over a trusted connection) has no backend named via-x.
        let list = try moongate(["run", "--endpoint", endpoint, "--ca-bundle", ca.certificate, try script("list.lua", """
            for b in apigateway.default:each("DescribeBackendList") do assert(b.BackendName ~= "via-x") end
            print("none")
            """)], environment: environment())
        XCTAssertEqual(list.stdout, "none\n", list.stderr)
    }

    func testCallsGoThroughAForwardProxyWhosePasswordNeverShows() throws {
        let (emulator, port, ca) = try startTLSEmulator()
        defer { emulator.signal(SIGKILL) }
        let password = "pr0xy-pa55word-\(UUID().uuidString.prefix(8))"
        let proxy = try Tinyproxy(in: dir, user: "alice", password: password)
        defer { proxy.stop() }
        let s = try script("proxied.lua", createAndList)
        let endpoint = "https://127.0.0.1:\(port)"
        let connect = "CONNECT 127.0.0.1:\(port) HTTP/1.1"

        let viaVariable = try moongate(["run", "--endpoint", endpoint, "--ca-bundle", ca.certificate, "--audit", "audit.jsonl", s, "env"],
                                       environment: environment(["HTTPS_PROXY": proxy.url()]))
        XCTAssertEqual(viaVariable.status, 0, viaVariable.stderr)
        XCTAssertEqual(viaVariable.stdout, "via-env\n")
        let tunnels = proxy.requests.filter { $0 == connect }.count
        XCTAssertGreaterThanOrEqual(tunnels, 1, "\(proxy.requests)")

        // --proxy overrides a wrong variable; NO_PROXY bypasses the proxy.
        let viaFlag = try moongate(["run", "--endpoint", endpoint, "--ca-bundle", ca.certificate, "--proxy", proxy.url(), s, "flag"],
                                   environment: environment(["HTTPS_PROXY": "http://127.0.0.1:1"]))
        XCTAssertEqual(viaFlag.stdout, "via-flag\n", viaFlag.stderr)
        let afterFlag = proxy.requests.filter { $0 == connect }.count
        XCTAssertGreaterThan(afterFlag, tunnels)
        let bypassed = try moongate(["run", "--endpoint", endpoint, "--ca-bundle", ca.certificate, s, "direct"],
                                    environment: environment(["HTTPS_PROXY": proxy.url(), "NO_PROXY": "example.com,127.0.0.1"]))
        XCTAssertEqual(bypassed.stdout, "via-direct\n", bypassed.stderr)
        XCTAssertEqual(proxy.requests.filter { $0 == connect }.count, afterFlag, "NO_PROXY: not through the proxy")

        // A wrong password: the proxy refuses (407), the error names the proxy without its credentials.
        let refused = try moongate(["run", "--endpoint", endpoint, "--ca-bundle", ca.certificate, s, "x"],
                                   environment: environment(["HTTPS_PROXY": "http://alice:wrong-\(password)@127.0.0.1:\(proxy.port)"]))
        XCTAssertNotEqual(refused.status, 0)
        XCTAssertTrue(refused.stderr.contains("Moongate.ProxyFailed: cannot reach \(endpoint) through proxy http://127.0.0.1:\(proxy.port)"),
                      refused.stderr)

        for output in [viaVariable.stdout, viaVariable.stderr, viaFlag.stderr, bypassed.stderr, refused.stdout, refused.stderr,
                       read("audit.jsonl") ?? ""] {
            XCTAssertFalse(output.contains(password), output)
            XCTAssertFalse(output.contains("alice"), output)
        }
        XCTAssertEqual(read("audit.jsonl")?.split(separator: "\n").count, 2, "the create and the list page are audited")
    }

    func testPlainHTTPThroughTheProxyToo() throws {
        let (emulator, port) = try startEmulator([])
        defer { emulator.signal(SIGKILL) }
        let proxy = try Tinyproxy(in: dir)
        defer { proxy.stop() }
        let r = try moongate(["run", "--endpoint", "http://127.0.0.1:\(port)", try script("plain.lua", createAndList), "http"],
                             environment: environment(["http_proxy": proxy.url()]))
        XCTAssertEqual(r.stdout, "via-http\n", r.stderr)
        let forwarded = proxy.requests.filter { $0.hasPrefix("POST http://127.0.0.1:\(port)/?") }
        XCTAssertEqual(forwarded.count, 2, "\(proxy.requests)")
    }

    func testADeadProxyFailsQuicklyWithAClearError() throws {
        let deadPort = try freeLoopbackPort()
        let s = try script("dead.lua", #"print(apigateway.default:describe_backend_list{}.TotalCount)"#)
        let started = Date()
        let r = try moongate(["run", "--endpoint", "https://apigateway.cn-hangzhou.aliyuncs.com", s],
                             environment: environment(["HTTPS_PROXY": "http://bob:hunter2-secret@127.0.0.1:\(deadPort)"]))
        XCTAssertNotEqual(r.status, 0)
        XCTAssertTrue(r.stderr.contains(
            "dead.lua:1: DescribeBackendList: Moongate.ProxyFailed: cannot reach https://apigateway.cn-hangzhou.aliyuncs.com through proxy http://127.0.0.1:\(deadPort)"),
            r.stderr)
        XCTAssertFalse(r.stderr.contains("hunter2"), r.stderr)
        XCTAssertFalse(r.stderr.contains("bob"), r.stderr)
        XCTAssertLessThan(Date().timeIntervalSince(started), 5, "retries of a read back off briefly; no hang")

        let malformed = try moongate(["run", "--proxy", "ftp://bob:hunter2-secret@host", "--endpoint", "https://example.com", s],
                                     environment: environment())
        XCTAssertEqual(malformed.status, 64, malformed.stderr)
        XCTAssertTrue(malformed.stderr.contains("--proxy: not a proxy URL"), malformed.stderr)
        XCTAssertFalse(malformed.stderr.contains("hunter2"), malformed.stderr)
    }

    func testPlainHTTPOnlyToLoopback() throws {
        let s = try script("clear.lua", #"print(apigateway.default:describe_backend_list{}.TotalCount)"#)
        let r = try moongate(["run", "--endpoint", "http://apigateway.cn-hangzhou.aliyuncs.com", s], environment: environment())
        XCTAssertEqual(r.status, 64, r.stderr)
        XCTAssertTrue(r.stderr.contains("plain http is only for loopback addresses (the emulator); use https://"), r.stderr)
    }
}
