// ===----------------------------------------------------------------------===
// The emulator as a Swift object: start it on a port (0 = ephemeral), talk to it over real HTTP,
// stop it. `moongate emulator` and `moongate run --emulator` both use this.
// ===----------------------------------------------------------------------===

import Foundation
import Synchronization
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import NIOSSL
import Logging
import NIOCore

/// A local API Gateway (CloudAPI 2016-07-14) that keeps state in SQLite and checks signatures.
///
/// ```swift
/// var configuration = EmulatorConfiguration()
/// configuration.port = 0
/// let server = EmulatorServer(configuration: configuration)
/// let port = try await server.start()        // e.g. 41237
/// // … point a client at http://127.0.0.1:\(port) with EmulatorConfiguration.builtInAccessKey …
/// print(server.peakConcurrentRequests)
/// await server.stop()
/// ```
public final class EmulatorServer: Sendable {
    public let configuration: EmulatorConfiguration
    private let gauge = ConcurrencyGauge()
    private let issued = IssuedCredentialsLedger()
    private let quotas = Mutex<QuotaBuckets?>(nil)
    private let running = Mutex<Running?>(nil)
    private let dice: FaultDice
    /// The time resources are stamped with; `clock.advance(by:)` moves it ahead of the wall clock.
    public let clock = EmulatorClock()

    /// What `start` brought up and `stop` takes down.
    private struct Running {
        var task: Task<Void, any Error>
        var port: Int
        var store: EmulatorStore
        var metadata: (task: Task<Void, any Error>, port: Int)?
    }

    public init(configuration: EmulatorConfiguration) {
        self.configuration = configuration
        dice = FaultDice(plan: configuration.faults, seed: configuration.faultSeed)
    }

    /// The faults in force now (`configuration.faults` until `setFaults`).
    public var faults: FaultPlan { dice.plan }

    /// Changes the faults from the next request on (a test's scoped `t.faults`).
    public func setFaults(_ plan: FaultPlan) { dice.plan = plan }

    /// Adds `seed` to the running state (rows replaced by id), stamped with the emulator's clock.
    public func load(_ seed: EmulatorSeed) throws {
        guard let store else { throw EmulatorNotRunning() }
        try store.apply(seed, at: clock.timestamp())
    }

    /// A clean emulator again: the state emptied and `seed` loaded, the clock back to the wall clock,
    /// `configuration.faults` in force.
    public func reset(to seed: EmulatorSeed?) throws {
        guard let store else { throw EmulatorNotRunning() }
        clock.reset()
        setFaults(configuration.faults)
        try store.erase()
        if let seed { try store.apply(seed, at: clock.timestamp()) }
    }

    /// The port it listens on, once started.
    public var port: Int? { running.withLock { $0?.port } }
    /// The metadata service's port, once started with `configuration.metadata`.
    public var metadataPort: Int? { running.withLock { $0?.metadata?.port } }
    /// The state, once started (tests and benchmarks read or bulk-load through it).
    public var store: EmulatorStore? { running.withLock { $0?.store } }
    /// The most requests that were being handled at the same time since start (or `resetPeak()`).
    public var peakConcurrentRequests: Int { gauge.peak }
    /// Requests being handled right now.
    public var inFlightRequests: Int { gauge.inFlight }
    /// Requests received since start, including refused ones.
    public var totalRequests: Int { gauge.total }
    public func resetPeak() { gauge.resetPeak() }
    /// Calls refused for being over `--quota` since start.
    public var throttledByQuota: Int { quotas.withLock { $0?.throttled ?? 0 } }
    /// The quota in force once started (`--quota`, else the seed's `Quota`).
    public var quota: QuotaPlan { quotas.withLock { $0?.plan ?? configuration.quota } }
    /// Credentials the emulator's STS has issued since start (a renewal shows as one more).
    public var stsIssued: Int { issued.count }

    private func effectiveQuota() throws -> QuotaPlan {
        guard configuration.quota.isEmpty, let text = configuration.seed?.Quota else { return configuration.quota }
        return try QuotaPlan(parsing: text, subject: "seed file: Quota")
    }

    /// Opens the state, applies the seed, binds and starts answering. Returns the bound port.
    @discardableResult
    public func start() async throws -> Int {
        if let port { return port }
        let store = try EmulatorStore(path: configuration.statePath)
        if let seed = configuration.seed { try store.apply(seed, at: clock.timestamp()) }
        let buckets = QuotaBuckets(plan: try effectiveQuota())
        quotas.withLock { $0 = buckets }
        var logger = Logger(label: "moongate.emulator")
        logger.logLevel = .critical  // cancellation at stop() is logged as an error by the server; not news
        let responder = EmulatorResponder(
            configuration: configuration,
            authenticator: RequestAuthenticator(configuration: configuration, issued: issued),
            rules: OperationRules(store: store, clock: clock),
            sts: StsRules(configuration: configuration, ledger: issued),
            dice: dice,
            quotas: buckets, gauge: gauge, logger: logger)

        let (task, port) = try await launch(responder, server: try serverBuilder(), port: configuration.port)
        var metadata: (Task<Void, any Error>, Int)?
        if let settings = configuration.metadata {
            let responder = MetadataResponder(settings: settings, ledger: issued, tokens: MetadataTokens(),
                                              lifetime: min(configuration.stsDuration ?? 21600, 21600))
            do {
                metadata = try await launch(responder, server: .http1(), port: settings.port)
            } catch {
                task.cancel()
                throw error
            }
        }
        running.withLock { $0 = Running(task: task, port: port, store: store, metadata: metadata) }
        return port
    }

    /// Binds `responder` on `port` and returns the running server's task and its bound port.
    private func launch<Responder: HTTPResponder>(_ responder: Responder, server: HTTPServerBuilder, port: Int) async throws
        -> (Task<Void, any Error>, Int) where Responder.Context == EmulatorRequestContext {
        var logger = Logger(label: "moongate.emulator")
        logger.logLevel = .critical  // cancellation at stop() is logged as an error by the server; not news
        let host = configuration.host
        let started = PortSignal()
        let app = Application(
            responder: responder,
            server: server,
            configuration: .init(address: .hostname(host, port: port), serverName: "moongate-emulator"),
            onServerRunning: { channel in started.succeed(channel.localAddress?.port ?? 0) },
            logger: logger)
        let task = Task {
            do {
                try await app.run()
                started.fail(EmulatorServerError("\(host):\(port): server stopped before it started"))
            } catch {
                started.fail(EmulatorServerError("\(host):\(port): cannot listen (\(error))"))
                throw error
            }
        }
        do {
            return (task, try await started.value())
        } catch {
            task.cancel()
            throw error
        }
    }

    /// HTTP/1.1, inside TLS when `configuration.tls` names a certificate and key.
    private func serverBuilder() throws -> HTTPServerBuilder {
        guard let files = configuration.tls else { return .http1() }
        let chain: [NIOSSLCertificate]
        let key: NIOSSLPrivateKey
        do {
            chain = try NIOSSLCertificate.fromPEMFile(files.certificatePath)
        } catch {
            throw EmulatorServerError("--tls-cert \(files.certificatePath): not a readable PEM certificate (\(error))")
        }
        do {
            key = try NIOSSLPrivateKey(file: files.privateKeyPath, format: .pem)
        } catch {
            throw EmulatorServerError("--tls-key \(files.privateKeyPath): not a readable PEM private key (\(error))")
        }
        let tls = TLSConfiguration.makeServerConfiguration(certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        return try .tls(.http1(), tlsConfiguration: tls)
    }

    /// `http` or `https`, as clients must call it.
    public var scheme: String { configuration.tls == nil ? "http" : "https" }

    /// Stops listening and closes connections; in-flight requests are cancelled.
    public func stop() async {
        let tasks = running.withLock { running -> [Task<Void, any Error>] in
            defer { running = nil }
            return [running?.task, running?.metadata?.task].compactMap { $0 }
        }
        for task in tasks { task.cancel() }
        for task in tasks { _ = try? await task.value }
    }

    /// Runs until the surrounding task is cancelled (the CLI's foreground mode).
    public func wait() async {
        let task = running.withLock { $0?.task }
        _ = try? await task?.value
    }
}

/// The server could not start: `127.0.0.1:9780: cannot listen (Address already in use)`.
public struct EmulatorServerError: Error, Sendable, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}

/// A one-shot hand-over of the bound port from the server's start callback to `start()`.
private final class PortSignal: Sendable {
    private struct State {
        var result: Result<Int, any Error>?
        var waiter: CheckedContinuation<Int, any Error>?
    }
    private let state = Mutex(State())

    func succeed(_ port: Int) { finish(.success(port)) }
    func fail(_ error: any Error) { finish(.failure(error)) }

    private func finish(_ outcome: Result<Int, any Error>) {
        let waiter = state.withLock { state -> CheckedContinuation<Int, any Error>? in
            guard state.result == nil else { return nil }
            state.result = outcome
            return state.waiter.take()
        }
        waiter?.resume(with: outcome)
    }

    func value() async throws -> Int {
        try await withCheckedThrowingContinuation { continuation in
            let ready = state.withLock { state -> Result<Int, any Error>? in
                if state.result == nil { state.waiter = continuation }
                return state.result
            }
            if let ready { continuation.resume(with: ready) }
        }
    }
}

/// `load`/`reset` before `start()` (or after `stop()`): there is no state to change.
public struct EmulatorNotRunning: Error, Sendable, CustomStringConvertible {
    public var description: String { "the emulator is not running" }
}
