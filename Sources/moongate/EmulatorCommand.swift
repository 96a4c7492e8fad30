// ===----------------------------------------------------------------------===
// `moongate emulator`: run the local API Gateway emulator in the foreground until SIGINT/SIGTERM.
// ===----------------------------------------------------------------------===

import ArgumentParser
import Emulator
import Foundation
import Synchronization

struct EmulatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "emulator",
        abstract: "Run a local API Gateway emulator (stateful, signature-checking).",
        discussion: """
            Listens on 127.0.0.1:9780 by default and accepts the built-in demo key \
            \(Emulator.EmulatorConfiguration.builtInAccessKey.id) / \(Emulator.EmulatorConfiguration.builtInAccessKey.secret) \
            unless --access-key-id/--access-key-secret are given. State is in memory unless --state FILE.
            """)

    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on (0 picks a free one).") var port = 9780
    @Option(name: .customLong("tls-cert"), help: ArgumentHelp("Serve HTTPS with this PEM certificate (chain).", valueName: "FILE"))
    var tlsCert: String?
    @Option(name: .customLong("tls-key"), help: ArgumentHelp("The PEM private key of --tls-cert.", valueName: "FILE"))
    var tlsKey: String?
    @Option(help: "SQLite file that keeps the state across restarts.") var state: String?
    @Option(help: "JSON seed file: API groups, APIs, apps, backends, API products.") var seed: String?
    @Option(help: "AccessKey ID to accept instead of the built-in demo key.") var accessKeyId: String?
    @Option(help: "AccessKey secret for --access-key-id (visible in ps; prefer --access-key-secret-file or MOONGATE_EMULATOR_ACCESS_KEY_SECRET).")
    var accessKeySecret: String?
    @Option(name: .customLong("access-key-secret-file"), help: ArgumentHelp("Read the secret for --access-key-id from FILE.", valueName: "FILE"))
    var accessKeySecretFile: String?
    @Option(help: "Fault injection, e.g. throttle=0.2,error5xx=0.05,delay=50ms,reset=0.01,reset_after=0.01")
    var faults: String?
    @Option(help: "Seed for fault injection, for repeatable runs.") var faultSeed: UInt64?
    @Option(help: ArgumentHelp("Calls per second per operation and AccessKey, first matching glob wins, e.g. 'DescribeBackendInfo=50,Delete*=20,*=100'; over it: Throttling.User with x-acs-retry-after (also the seed file's \"Quota\").",
                               valueName: "GLOB=RATE,…"))
    var quota: String?
    @Option(name: .customLong("sts-duration"),
            help: ArgumentHelp("Cap the lifetime of STS-issued credentials, e.g. 90 (seconds), to see them renew.", valueName: "SECONDS"))
    var stsDuration: Int?
    @Option(name: .customLong("metadata-port"),
            help: ArgumentHelp("Also serve an ECS instance metadata service (the instance's RAM role) on this port (0: a free one).",
                               valueName: "PORT"))
    var metadataPort: Int?
    @Option(name: .customLong("metadata-role"), help: ArgumentHelp("The RAM role name the metadata service hands out.", valueName: "NAME"))
    var metadataRole = "moongate-ecs-role"
    @Flag(name: .customLong("metadata-allow-v1"), help: "Let the metadata service answer without an IMDSv2 token.")
    var metadataAllowV1 = false
    @Flag(name: .customLong("metadata-v1-only"), help: "The metadata service offers no IMDSv2 tokens (PUT /latest/api/token is 404): IMDSv1 only.")
    var metadataV1Only = false

    func validate() throws {
        if accessKeySecret != nil, accessKeySecretFile != nil {
            throw ValidationError("--access-key-secret, --access-key-secret-file: expected one of them (got both)")
        }
        let hasSecret = accessKeySecret != nil || accessKeySecretFile != nil
            || ProcessInfo.processInfo.environment[Self.secretVariable] != nil
        if accessKeyId != nil, !hasSecret {
            throw ValidationError("--access-key-id: expected its secret too (give --access-key-secret-file FILE or \(Self.secretVariable))")
        }
        if accessKeyId == nil, accessKeySecret != nil || accessKeySecretFile != nil {
            throw ValidationError("--access-key-id, --access-key-secret: expected both or neither (got only the secret)")
        }
        guard (0...65535).contains(port) else { throw ValidationError("--port: expected a port from 0 to 65535 (got \(port))") }
        if (tlsCert == nil) != (tlsKey == nil) { throw ValidationError("--tls-cert, --tls-key: expected both or neither (got only \(tlsCert == nil ? "--tls-key" : "--tls-cert"))") }
        if let stsDuration, stsDuration < 1 { throw ValidationError("--sts-duration: expected at least 1 second (got \(stsDuration))") }
        if let metadataPort, !(0...65535).contains(metadataPort) {
            throw ValidationError("--metadata-port: expected a port from 0 to 65535 (got \(metadataPort))")
        }
        if metadataRole.isEmpty || metadataRole.contains("/") { throw ValidationError("--metadata-role: expected a role name, without \"/\" (got \"\(metadataRole)\")") }
    }

    static let secretVariable = "MOONGATE_EMULATOR_ACCESS_KEY_SECRET"

    /// The secret for --access-key-id: the flag, the file (one line; a trailing newline is not part
    /// of it) or the environment variable.
    private func resolvedSecret() throws -> String? {
        if let accessKeySecret { return accessKeySecret }
        if let accessKeySecretFile {
            guard let text = try? String(contentsOfFile: accessKeySecretFile, encoding: .utf8) else {
                throw ValidationError("--access-key-secret-file \(accessKeySecretFile): cannot read it (is it there and readable?)")
            }
            return text.trimmingCharacters(in: .newlines)
        }
        return ProcessInfo.processInfo.environment[Self.secretVariable]
    }

    func run() async throws {
        var configuration = Emulator.EmulatorConfiguration()
        configuration.host = host
        configuration.port = port
        if let tlsCert, let tlsKey { configuration.tls = .init(certificatePath: tlsCert, privateKeyPath: tlsKey) }
        configuration.statePath = state
        if let seed {
            do { configuration.seed = try Emulator.EmulatorSeed(contentsOf: seed) } catch {
                throw ValidationError("emulator: \(error)")
            }
        }
        if let accessKeyId, let secret = try resolvedSecret() {
            configuration.accessKeys = [.init(id: accessKeyId, secret: secret)]
        }
        if let faults {
            do { configuration.faults = try Emulator.FaultPlan(parsing: faults) } catch { throw ValidationError("\(error)") }
        }
        configuration.faultSeed = faultSeed
        if let quota {
            do { configuration.quota = try Emulator.QuotaPlan(parsing: quota) } catch { throw ValidationError("\(error)") }
        }
        configuration.stsDuration = stsDuration.map(TimeInterval.init)
        if let metadataPort {
            configuration.metadata = .init(port: metadataPort, role: metadataRole, allowV1: metadataAllowV1, v1Only: metadataV1Only)
        }

        let server = Emulator.EmulatorServer(configuration: configuration)
        let boundPort: Int
        do {
            boundPort = try await server.start()
        } catch {
            FileHandle.standardError.write(Data("emulator: \(error)\n".utf8))
            throw ExitCode(1)
        }
        printBanner(port: boundPort, scheme: server.scheme, configuration: configuration, metadataPort: server.metadataPort,
                    quota: server.quota)
        await waitForSignal()
        await server.stop()
    }

    private func printBanner(port: Int, scheme: String, configuration: Emulator.EmulatorConfiguration, metadataPort: Int?,
                             quota: Emulator.QuotaPlan) {
        var lines = ["moongate emulator listening on \(scheme)://\(host):\(port) (CloudAPI 2016-07-14, STS 2015-04-01)"]
        if accessKeyId == nil {
            // The built-in key is a public demo key, so its secret may be shown; a user's never is.
            let key = Emulator.EmulatorConfiguration.builtInAccessKey
            lines.append("  access key: \(key.id) / secret: \(key.secret) (built-in demo key)")
        } else {
            lines.append("  access key: \(configuration.accessKeys[0].id) (secret not shown)")
        }
        lines.append("  state: \(state ?? "in memory")\(seed.map { ", seed: \($0)" } ?? "")")
        if let metadataPort, let metadata = configuration.metadata {
            lines.append("  ECS metadata: http://\(host):\(metadataPort) (role \(metadata.role)\(metadata.v1Only ? ", IMDSv1 only" : metadata.allowV1 ? ", IMDSv1 allowed" : ", IMDSv2 only"))")
        }
        if !configuration.faults.isEmpty { lines.append("  faults: \(faults ?? "")\(faultSeed.map { " (seed \($0))" } ?? "")") }
        if !quota.isEmpty { lines.append("  quota (calls/s per operation and key): \(quota)") }
        print(lines.joined(separator: "\n"))
        fflush(nil)  // every stream: the C `stdout` global is not concurrency-safe to name in Swift 6
    }

    /// Returns on SIGINT or SIGTERM, so the server can stop cleanly.
    private func waitForSignal() async {
        var sources: [any DispatchSourceSignal] = []
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let once = ResumeOnce(continuation)
            for signalNumber in [SIGINT, SIGTERM] {
                signal(signalNumber, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .main)
                source.setEventHandler { once.resume() }
                source.resume()
                sources.append(source)
            }
        }
        sources.forEach { $0.cancel() }
    }
}

private final class ResumeOnce: Sendable {
    private let continuation: Mutex<CheckedContinuation<Void, Never>?>
    init(_ continuation: CheckedContinuation<Void, Never>) { self.continuation = Mutex(continuation) }
    func resume() {
        continuation.withLock { $0.take() }?.resume()
    }
}
