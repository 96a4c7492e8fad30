// waitForFile: how a test learns that a child process reached a point (the script creates a file there).
import Foundation

/// Waits (polling) until `path` exists; false after `timeout` seconds.
///
/// ```swift
/// XCTAssertTrue(waitForFile(dir.appendingPathComponent("holding").path))
/// ```
public func waitForFile(_ path: String, timeout: Double = 30) -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if FileManager.default.fileExists(atPath: path) { return true }
        Thread.sleep(forTimeInterval: 0.02)
    }
    return false
}
