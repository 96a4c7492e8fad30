// ===----------------------------------------------------------------------===
// CloudAPIClient: validate → encode → sign → send (with retries, RetryingCall) → typed response or error.
// ===----------------------------------------------------------------------===

import AsyncHTTPClient
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
    let httpClient: HTTPClient
    let redactor: SecretRedactor

    /// - Parameter httpClient: a client to share; by default one process-wide client per timeout
    ///   setting (keep-alive connections are reused across calls and clients).
    public init(configuration: ClientConfiguration, httpClient: HTTPClient? = nil) throws {
        self.configuration = configuration
        self.endpoint = try Endpoint(configuration.endpoint)
        self.httpClient = httpClient ?? HTTPClientPool.shared(
            connectTimeout: configuration.connectTimeout, readTimeout: configuration.readTimeout)
        self.redactor = SecretRedactor(configuration.credentials)
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
        let run = RetryingCall(client: self, operation: operation, wire: wire, observer: observer)
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                run.start { continuation.resume(with: $0) }
            }
        } onCancel: {
            run.cancel()
        }
    }

    /// The same call without a Swift task: `completion` gets the outcome or a `CloudAPIError`, once,
    /// on an event-loop thread (keep it quick; hand the result to your own thread). This is what a
    /// thread that waits for calls itself (Moongate's script thread) uses to skip the hops through
    /// the concurrency pool.
    ///
    /// ```swift
    /// client.call(op, wire: wire) { result in queue.complete(handle, result) }
    /// ```
    public func call(
        _ operation: Operation, wire: [(String, String)], observer: CallObserver? = nil,
        completion: @escaping @Sendable (Result<CallOutcome, any Error>) -> Void
    ) {
        RetryingCall(client: self, operation: operation, wire: wire, observer: observer).start(completion: completion)
    }
}

extension CloudAPIClient: CustomStringConvertible, CustomReflectable {
    /// Only the configuration (whose credentials redact themselves): the HTTP client's internals
    /// may hold buffered request bytes, so `dump` must not walk into them.
    public var customMirror: Mirror {
        Mirror(self, children: ["configuration": configuration], displayStyle: .class)
    }

    public var description: String {
        "CloudAPIClient(endpoint: \(endpoint.base), region: \(configuration.region), "
            + "accessKeyId: \(configuration.credentials.accessKeyId), signature: \(configuration.signatureVersion.rawValue))"
    }
}
