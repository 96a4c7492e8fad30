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
