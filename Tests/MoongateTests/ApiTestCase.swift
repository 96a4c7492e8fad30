// ApiTestCase: scripts run in-process against a real emulator over loopback HTTP.
import CloudAPI
import Emulator
import Foundation
import Synchronization
import LuaKit
import Moongate
import XCTest

/// Starts an emulator (demo seed, ephemeral port) for each test, and runs scripts whose default
/// client points at it through the ordinary credential chain (environment variables).
class ApiTestCase: XCTestCase {
    var emulator: EmulatorServer!
    var endpoint = ""
    var dir: URL!

    /// Override to start the emulator with faults or other settings.
    func emulatorConfiguration() -> EmulatorConfiguration {
        var configuration = EmulatorConfiguration()
        configuration.port = 0
        configuration.seed = .demo
        return configuration
    }

    override func setUp() async throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("moongate-api-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        emulator = EmulatorServer(configuration: emulatorConfiguration())
        endpoint = "http://127.0.0.1:\(try await emulator.start())"
    }

    override func tearDown() async throws {
        await emulator.stop()
        try? FileManager.default.removeItem(at: dir)
    }

    var environment: [String: String] {
        let key = EmulatorConfiguration.builtInAccessKey
        return ["ALIBABA_CLOUD_ACCESS_KEY_ID": key.id, "ALIBABA_CLOUD_ACCESS_KEY_SECRET": key.secret,
                "ALIBABA_CLOUD_REGION_ID": "cn-hangzhou", "HOME": dir.path]
    }

    func write(_ name: String, _ text: String) throws -> String {
        let url = dir.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    func options(_ script: String, name: String = "main.lua") throws -> RunOptions {
        var options = RunOptions(scriptPath: try write(name, script), environment: environment)
        options.endpoint = endpoint
        return options
    }

    /// Runs `script` (its `return` values come back) with the default client on the emulator.
    func run(_ script: String, _ configure: (inout RunOptions) -> Void = { _ in }) throws -> [LuaValue] {
        var options = try options(script)
        configure(&options)
        return try ScriptRunner(options: options).run()
    }

    /// The emulator's own view of its backends, by name (to prove what a script did or did not do): every
    /// page, and a failed call fails the test instead of reading as "no backends".
    func backendNames() throws -> Set<String> {
        let client = try CloudAPIClient(configuration: ClientConfiguration(
            credentials: Credentials(accessKeyId: EmulatorConfiguration.builtInAccessKey.id,
                                     accessKeySecret: EmulatorConfiguration.builtInAccessKey.secret),
            region: "cn-hangzhou", endpoint: URL(string: endpoint)!))
        let semaphore = DispatchSemaphore(value: 0)
        let result = Mutex<Result<Set<String>, any Error>>(.success([]))
        Task {
            do {
                var names: Set<String> = []
                for page in 1... {
                    let reply = try await client.call("DescribeBackendList", ["PageSize": 100, "PageNumber": .int(Int64(page))])
                    let items = reply.value["BackendInfoList"]?.arrayValue ?? []
                    for item in items { if let name = item["BackendName"]?.stringValue { names.insert(name) } }
                    let total = reply.value["TotalCount"]?.intValue ?? 0
                    if items.isEmpty || page * 100 >= total { break }
                }
                result.withLock { $0 = .success(names) }
            } catch {
                result.withLock { [error] in $0 = .failure(error) }
            }
            semaphore.signal()
        }
        semaphore.wait()
        return try result.withLock { $0 }.get()
    }
}
