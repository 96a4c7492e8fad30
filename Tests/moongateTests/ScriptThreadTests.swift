// Where a script runs (issue 14, review §2 #5): a thread of its own, not a Swift-concurrency pool
// thread, so the in-process emulator keeps the pool — also on one CPU.
import Foundation
import MoongateTestSupport
import XCTest

final class ScriptThreadTests: CommandTestCase {
    func testTheScriptRunsOnItsOwnThread() throws {
        let s = try script("hold.lua", """
            apigateway.default:create_backend{ BackendName = "held", BackendType = "HTTP" }
            io.open("holding", "w"):close()
            moongate.sleep(30)
            """)
        let child = try MoongateProcess(["run", "--emulator", s], in: dir).start()
        defer { child.signal(SIGKILL) }
        XCTAssertTrue(waitForFile(dir.appendingPathComponent("holding").path), child.stdoutSoFar)
        let tasks = try FileManager.default.contentsOfDirectory(atPath: "/proc/\(child.pid)/task")
        let names = tasks.compactMap { try? String(contentsOfFile: "/proc/\(child.pid)/task/\($0)/comm", encoding: .utf8) }
            .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        XCTAssertEqual(names.filter { $0 == "moongate-script" }.count, 1, "threads: \(names)")
        child.signal(SIGTERM)
        XCTAssertEqual(child.finish().status, 143)
    }

    func testEmulatorRunsOnOneCPU() throws {
        // On one CPU a script blocking a pool thread stalled each emulator start/stop for about a second
        // (libdispatch adds a thread only when it notices the stall); it must simply work.
        let taskset = try requiredProgram("/usr/bin/taskset", package: "util-linux")
        let s = try script("one-cpu.lua", """
            local c = apigateway.default
            local r = moongate.parallel({ 1, 2, 3, 4, 5, 6, 7, 8 }, function(i)
              return c:create_backend{ BackendName = "cpu0-" .. i, BackendType = "HTTP" }.BackendId
            end)
            local n = 0
            for b in c:each("DescribeBackendList", { BackendName = "cpu0-*" }) do n = n + 1 end
            print("created", #r, "listed", n)
            """)
        let r = try MoongateProcess(["-c", "0", CommandTestCase.binary.path, "run", "--emulator", s],
                                    in: dir, binary: taskset).start().finish()
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, "created\t8\tlisted\t8\n")
    }
}
