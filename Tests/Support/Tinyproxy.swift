// Tinyproxy: Debian's tinyproxy as a real forward proxy for one test, on a free loopback port, with
// an optional user and password, logging every request it forwards.
import Foundation

/// A running tinyproxy. `requests` reads its log: one line per request it was asked to forward
/// (`CONNECT 127.0.0.1:PORT HTTP/1.1` for HTTPS, `POST http://127.0.0.1:PORT/?… HTTP/1.1` for HTTP).
///
/// ```swift
/// let proxy = try Tinyproxy(in: dir, user: "alice", password: "s3cret")
/// defer { proxy.stop() }
/// // HTTPS_PROXY=proxy.url(withCredentials: true) moongate run …
/// XCTAssertEqual(proxy.requests.filter { $0.hasPrefix("CONNECT") }.count, 1)
/// ```
public final class Tinyproxy {
    public let port: Int
    private let process = Process()
    private let logPath: String
    private let credentials: (user: String, password: String)?

    public init(in dir: URL, user: String? = nil, password: String? = nil) throws {
        let program = try requiredProgram("/usr/bin/tinyproxy", package: "tinyproxy")
        port = try freeLoopbackPort()
        logPath = dir.appendingPathComponent("tinyproxy-\(port).log").path
        credentials = user.flatMap { u in password.map { (u, $0) } }
        var config = """
            Port \(port)
            Listen 127.0.0.1
            Timeout 30
            LogFile "\(logPath)"
            LogLevel Info
            MaxClients 100
            Allow 127.0.0.1

            """
        if let credentials { config += "BasicAuth \(credentials.user) \(credentials.password)\n" }
        let configPath = dir.appendingPathComponent("tinyproxy-\(port).conf").path
        try config.write(toFile: configPath, atomically: true, encoding: .utf8)
        process.executableURL = program
        process.arguments = ["-d", "-c", configPath]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Ready once it accepts a connection.
        let deadline = Date().addingTimeInterval(10)
        while !canConnect(port: port) {
            guard Date() < deadline, process.isRunning else { throw ToolFailure("tinyproxy did not start on port \(port)") }
            Thread.sleep(forTimeInterval: 0.02)
        }
    }

    deinit { stop() }

    /// `http://[user:password@]127.0.0.1:PORT`.
    public func url(withCredentials: Bool = true) -> String {
        let userinfo = withCredentials ? credentials.map { "\($0.user):\($0.password)@" } ?? "" : ""
        return "http://\(userinfo)127.0.0.1:\(port)"
    }

    /// The request lines tinyproxy logged (`CONNECT host:port HTTP/1.1`, `POST http://… HTTP/1.1`).
    public var requests: [String] {
        let log = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        return log.split(separator: "\n").compactMap { line in
            line.range(of: "): ", options: .backwards).flatMap { range in
                line.contains("Request (file descriptor") ? String(line[range.upperBound...]) : nil
            }
        }
    }

    public func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }
}

/// A TCP port on 127.0.0.1 that nothing listens on right now.
public func freeLoopbackPort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw ToolFailure("socket() failed") }
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
    }
    guard bound else { throw ToolFailure("bind() failed") }
    return Int(UInt16(bigEndian: address.sin_port))
}

private func canConnect(port: Int) -> Bool {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { return false }
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = UInt16(port).bigEndian
    return withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
    }
}
