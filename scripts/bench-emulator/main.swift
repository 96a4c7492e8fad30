// bench-emulator: how fast the emulator answers with 100,000 backends in its state.
//
//   swift run -c release bench-emulator [COUNT] [--memory]     (or scripts/bench-emulator.sh)
//
// Loads COUNT synthetic backends (default 100,000) straight into a file-backed state (WAL, as
// `--state FILE` uses), starts the emulator in-process on an ephemeral port, then times signed
// requests over real loopback HTTP (one at a time, so each number is one request's latency).

import AsyncHTTPClient
import CloudAPI
import Emulator
import Foundation

let arguments = CommandLine.arguments.dropFirst()
let count = arguments.compactMap { Int($0) }.first ?? 100_000
let inMemory = arguments.contains("--memory")
let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bench-emulator-\(UUID().uuidString)")
try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: directory) }

var configuration = EmulatorConfiguration()
configuration.port = 0
configuration.statePath = inMemory ? nil : directory.appendingPathComponent("state.sqlite").path
let server = EmulatorServer(configuration: configuration)
let port = try await server.start()
let credentials = Credentials(accessKeyId: EmulatorConfiguration.builtInAccessKey.id,
                              accessKeySecret: EmulatorConfiguration.builtInAccessKey.secret)

let loadStart = Date()
try server.store!.loadSyntheticBackends(count: count)
print(String(format: "loaded %d backends in %.1f s (%@)", count, Date().timeIntervalSince(loadStart),
             inMemory ? "in memory" : "SQLite file, WAL"))

// MARK: - Timing

func call(_ action: String, _ query: [(String, String)]) async throws -> Value {
    let host = "127.0.0.1:\(port)"
    let headers = SignerV3.sign(action: action, version: Catalog.apiVersion, host: host, query: query, credentials: credentials)
    var request = HTTPClientRequest(url: "http://\(host)/?\(PercentEncoding.encodeQuery(query))")
    request.method = .POST
    for (name, value) in headers where name != "host" { request.headers.add(name: name, value: value) }
    let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
    let body = try Value(json: Array(buffer: try await response.body.collect(upTo: 16 << 20)))
    guard response.status.code == 200 else { throw NSError(domain: "bench", code: 1, userInfo: [NSLocalizedDescriptionKey: "\(body)"]) }
    return body
}

func measure(_ label: String, runs: Int = 200, _ body: (Int) async throws -> Void) async throws {
    for index in 0..<10 { try await body(index) }  // warm-up: connections, caches
    var samples: [Double] = []
    for index in 0..<runs {
        let start = DispatchTime.now().uptimeNanoseconds
        try await body(index)
        samples.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
    }
    samples.sort()
    let p = { (q: Double) in samples[min(samples.count - 1, Int(Double(samples.count) * q))] }
    print(String(format: "%-44@ p50 %6.2f ms   p95 %6.2f ms   max %6.2f ms", label as NSString, p(0.5), p(0.95), samples.last!))
}

let firstPage = try await call("DescribeBackendList", [("PageSize", "100")])
let ids = (firstPage["BackendInfoList"]?.arrayValue ?? []).compactMap { $0["BackendId"]?.stringValue }
let total = firstPage["TotalCount"]?.intValue ?? 0
print("TotalCount \(total)")

try await measure("DescribeBackendInfo (by id)") { index in _ = try await call("DescribeBackendInfo", [("BackendId", ids[index % ids.count])]) }
try await measure("DescribeBackendList page 1, size 10") { _ in _ = try await call("DescribeBackendList", []) }
try await measure("DescribeBackendList page 1, size 100") { _ in _ = try await call("DescribeBackendList", [("PageSize", "100")]) }
try await measure("DescribeBackendList last page (size 10)") { _ in
    _ = try await call("DescribeBackendList", [("PageNumber", String(max(1, total / 10))), ("PageSize", "10")])
}
try await measure("DescribeBackendList BackendName exact") { index in
    _ = try await call("DescribeBackendList", [("BackendName", String(format: "bench-%06d", 1 + (index * 37) % count))])
}
try await measure("DescribeBackendList BackendName prefix*", runs: 50) { _ in
    _ = try await call("DescribeBackendList", [("BackendName", "bench-0999*")])
}
try await measure("DescribeBackendList BackendType=VPC", runs: 50) { _ in
    _ = try await call("DescribeBackendList", [("BackendType", "VPC")])
}
try await measure("DescribeBackendList Tag team=bench", runs: 50) { _ in
    _ = try await call("DescribeBackendList", [("Tag.1.Key", "team"), ("Tag.1.Value", "bench")])
}
try await measure("CreateBackend (one write transaction)") { index in
    _ = try await call("CreateBackend", [("BackendName", "new-\(index)-\(UUID().uuidString.prefix(8))"), ("BackendType", "HTTP")])
}
await server.stop()
