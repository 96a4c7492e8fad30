// ===----------------------------------------------------------------------===
// CloudAPIClient: validate → encode → sign → send (with retries, CallTask, on a CallLoop) → typed response or error.
// ===----------------------------------------------------------------------===

import Foundation

/// A typed client for the 19 API Gateway operations of the catalog.
///
/// ```swift
/// let client = try CloudAPIClient(configuration: ClientConfiguration(credentials: creds, region: "cn-hangzhou"))
/// let outcome = try await client.call("CreateBackend", ["BackendName": "orders", "BackendType": "HTTP"])
/// outcome.value["BackendId"]?.stringValue
/// ```
///
/// Errors: `ParameterError` (nothing was sent), `CloudAPIError` (the service or the transport
/// failed). Neither, nor `description`, ever holds the AccessKeySecret or STS token.
public final class CloudAPIClient: Sendable {
    public let configuration: ClientConfiguration
    let endpoint: Endpoint
    /// The credentials' secrets and tokens (read at each use, so renewed ones are covered) and the
    /// proxy's user and password: masked out of every error this client makes.
    let secrets: SecretMask
    /// Timeouts, size limit, proxy (NO_PROXY already applied) and CA bundle of every attempt.
    let transferSettings: TransferSettings

    public init(configuration: ClientConfiguration) throws {
        self.configuration = configuration
        self.endpoint = try Endpoint(configuration.endpoint)
        let proxy = configuration.noProxy.bypasses(endpoint.host) ? nil : configuration.proxy
        self.transferSettings = TransferSettings(
            connectTimeout: configuration.connectTimeout,
            totalTimeout: configuration.connectTimeout + configuration.readTimeout,
            maxResponseBytes: configuration.maxResponseBytes, proxy: proxy, caBundle: configuration.caBundle)
        self.secrets = SecretMask(proxy?.secrets ?? [])
        let source = configuration.credentialsSource
        secrets.add(source: { source.knownSecrets })
    }

    // MARK: - Calls

    /// Calls an operation by its API name (`"DescribeBackendList"`).
    public func call(
        _ name: String, _ parameters: [String: Value] = [:], observer: CallObserver? = nil
    ) async throws -> CallOutcome {
        try await call(Catalog.operation(lookingUp: name), parameters, observer: observer)
    }

    /// Validates and encodes the parameters, then sends the request, retrying per
    /// `configuration.retry` (see `RetryPolicy` for what is retried and why). Each attempt is
    /// reported to `configuration.observer` and then to this call's `observer`.
    public func call(
        _ operation: Operation, _ parameters: [String: Value] = [:], observer: CallObserver? = nil
    ) async throws -> CallOutcome {
        let wire = try RequestEncoder.wireParameters(operation: operation, parameters: parameters)
        return try await call(operation, wire: wire, observer: observer)
    }

    /// Sends parameters already validated and encoded by `RequestEncoder.wireParameters` (so a
    /// caller that validated them first does not encode them twice), with retries as above.
    /// Cancelling the task abandons the request in flight or the wait for a retry.
    ///
    /// ```swift
    /// let wire = try RequestEncoder.wireParameters(operation: op, parameters: ["PageSize": 10])
    /// let outcome = try await client.call(op, wire: wire)
    /// ```
    public func call(
        _ operation: Operation, wire: [(String, String)], observer: CallObserver? = nil
    ) async throws -> CallOutcome {
        let background = BackgroundLoop.shared
        let slot = CallTaskSlot()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                background.post { loop in
                    guard !slot.cancelled else { return continuation.resume(throwing: CancellationError()) }
                    slot.task = self.start(operation, wire: wire, observer: observer, on: loop) {
                        continuation.resume(with: $0)
                    }
                }
            }
        } onCancel: {
            background.post { _ in
                slot.cancelled = true
                slot.task?.cancel()
            }
        }
    }

    /// The same call on a loop the caller drives (Moongate's script thread runs its own): the
    /// request goes out at once (or after `delay` seconds, a rate-limit slot), and `completion` runs
    /// on the loop, inside `CallLoop.run`, once. Call on the loop's thread only.
    ///
    /// ```swift
    /// let task = client.start(op, wire: wire, on: loop) { outcome = $0 }
    /// try loop.run(until: { outcome != nil })
    /// ```
    @discardableResult
    public func start(
        _ operation: Operation, wire: [(String, String)], observer: CallObserver? = nil, on loop: CallLoop,
        after delay: Double = 0, completion: @escaping CallTask.Completion
    ) -> CallTask {
        let task = CallTask(client: self, operation: operation, wire: wire, observer: observer, loop: loop,
                            completion: completion)
        task.begin(after: delay)
        return task
    }
}

/// What a cancellation handler and the loop share for one async call.
///
/// `@unchecked Sendable`: both closures that capture it are posted to the loop, so it is read and
/// written on the loop's thread only; a lock would guard nothing. (CallTask is loop-confined and not
/// Sendable, so a Mutex cannot hold it.)
private final class CallTaskSlot: @unchecked Sendable {
    var task: CallTask?
    var cancelled = false
}

extension CloudAPIClient: CustomStringConvertible, CustomReflectable {
    /// `text` with every secret this client knows (credentials it was handed, proxy password) masked.
    public func redact(_ text: String) -> String { secrets.scrub(text) }

    /// Every secret this client holds now (credential secrets and tokens, renewed ones included, and
    /// its proxy's password), for a host that masks them in its own output. Never log this.
    public var knownSecrets: [String] { Array(secrets.secrets) }

    /// Only the configuration (whose credentials redact themselves): `secrets` holds the secrets,
    /// so `dump` must not walk into it.
    public var customMirror: Mirror {
        Mirror(self, children: ["configuration": configuration], displayStyle: .class)
    }

    public var description: String {
        "CloudAPIClient(endpoint: \(endpoint.base), region: \(configuration.region), "
            + "credentials: \(configuration.credentialsSource.name), signature: \(configuration.signatureVersion.rawValue))"
    }
}
