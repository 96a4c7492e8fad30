// `moongate emulator` as real processes: two of them on one --state file stay consistent, and a
// restarted one keeps everything.
import Foundation
import MoongateTestSupport
import XCTest

final class EmulatorProcessTests: CommandTestCase {
    /// Starts `moongate emulator --port 0 --state FILE` and returns it with the port from its banner.
    func startEmulator(state: String) throws -> (MoongateProcess, Int) {
        try startEmulator(["--state", state])
    }

    func call(_ port: Int, _ lua: String) throws -> MoongateProcess.Result {
        let s = try script("call-\(UUID().uuidString).lua", lua)
        return try moongate(["run", "--endpoint", "http://127.0.0.1:\(port)", s],
                            environment: emulatorKeyEnvironment)
    }

    func names(_ port: Int) throws -> String {
        let r = try call(port, """
            local names = {}
            for b in apigateway.default:each("DescribeBackendList") do names[#names + 1] = b.BackendName end
            table.sort(names)
            print(table.concat(names, ","))
            """)
        XCTAssertEqual(r.status, 0, r.stderr)
        return r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func testTwoProcessesOnOneStateFileAndARestart() throws {
        let state = dir.appendingPathComponent("state.sqlite").path
        let (a, portA) = try startEmulator(state: state)
        let (b, portB) = try startEmulator(state: state)
        defer { a.signal(SIGKILL); b.signal(SIGKILL) }

        XCTAssertEqual(try call(portA, #"apigateway.default:create_backend{ BackendName = "shared-1", BackendType = "HTTP" }"#).status, 0)
        XCTAssertEqual(try names(portB), "shared-1", "B sees what A wrote")
        XCTAssertEqual(try call(portB, #"apigateway.default:create_backend{ BackendName = "shared-2", BackendType = "MOCK" }"#).status, 0)
        XCTAssertEqual(try names(portA), "shared-1,shared-2", "A sees what B wrote")
        let duplicate = try call(portB, """
            local ok, err = pcall(apigateway.default.create_backend, apigateway.default, { BackendName = "shared-1", BackendType = "HTTP" })
            print(ok, err.code)
            """)
        XCTAssertEqual(duplicate.stdout.trimmingCharacters(in: .whitespacesAndNewlines), "false\tRepeatedBackendName",
                       "names stay unique across processes")

        a.signal(SIGTERM)
        b.signal(SIGTERM)
        _ = a.finish()
        _ = b.finish()
        let (restarted, port) = try startEmulator(state: state)
        defer { restarted.signal(SIGKILL) }
        XCTAssertEqual(try names(port), "shared-1,shared-2", "a restart keeps everything")
    }
}

final class EmulatorSecretSourceTests: CommandTestCase {
    /// The emulator's own key secret need not be on its command line (where `ps` shows it).
    func testTheSecretFromAFileOrTheEnvironment() throws {
        let secret = "file-secret-83be"
        try "\(secret)\n".write(to: dir.appendingPathComponent("secret.txt"), atomically: true, encoding: .utf8)
        let s = try script("list.lua", "print(#apigateway.default:describe_backend_list{}.BackendInfoList)\n")
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("ALIBABA_CLOUD_") }
        env.merge(["ALIBABA_CLOUD_ACCESS_KEY_ID": "FileKey", "ALIBABA_CLOUD_ACCESS_KEY_SECRET": secret,
                   "ALIBABA_CLOUD_REGION_ID": "cn-hangzhou", "ALIBABA_CLOUD_ECS_METADATA_DISABLED": "true"]) { _, new in new }
        for extra in [["--access-key-secret-file", "secret.txt"], []] {
            let emulatorEnv = extra.isEmpty ? ["MOONGATE_EMULATOR_ACCESS_KEY_SECRET": secret] : [:]
            let emulator = try MoongateProcess(["emulator", "--port", "0", "--access-key-id", "FileKey"] + extra, in: dir,
                                               environment: ProcessInfo.processInfo.environment.merging(emulatorEnv) { _, new in new })
                .start()
            defer { emulator.signal(SIGKILL) }
            let port = try waitForPort(emulator)
            let ok = try moongate(["run", "--endpoint", "http://127.0.0.1:\(port)", s], environment: env)
            XCTAssertEqual(ok.status, 0, "\(extra): \(ok.stderr)")
            XCTAssertEqual(ok.stdout, "0\n")
            var wrong = env
            wrong["ALIBABA_CLOUD_ACCESS_KEY_SECRET"] = "not-the-secret"
            let refused = try moongate(["run", "--endpoint", "http://127.0.0.1:\(port)", s], environment: wrong)
            XCTAssertEqual(refused.status, 1)
            XCTAssertTrue(refused.stderr.contains("SignatureDoesNotMatch"), refused.stderr)
            XCTAssertFalse(emulator.stdoutSoFar.contains(secret), "the banner does not show it")
        }
        let missing = try moongate(["emulator", "--port", "0", "--access-key-id", "FileKey"],
                                   environment: ProcessInfo.processInfo.environment.filter { $0.key != "MOONGATE_EMULATOR_ACCESS_KEY_SECRET" })
        XCTAssertEqual(missing.status, 64)
        XCTAssertTrue(missing.stderr.hasPrefix("moongate: --access-key-id: expected its secret too"), missing.stderr)
    }

    private func waitForPort(_ emulator: MoongateProcess) throws -> Int {
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            let banner = emulator.stdoutSoFar
            if let range = banner.range(of: "://127.0.0.1:"), let port = Int(banner[range.upperBound...].prefix { $0.isNumber }) {
                return port
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        throw CocoaError(.fileReadUnknown)
    }
}
