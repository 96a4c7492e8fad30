// ===----------------------------------------------------------------------===
// CloudAPIClient: validate → encode → sign → send (with retries) → typed response or error.
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
        guard let operation = Catalog.operation(named: name) else {
            throw ParameterError(
                .unknownOperation, operation: name, parameter: "", problem: "is not an operation",
                suggestion: NameSuggestion.closest(to: name, among: Catalog.all.map(\.name)))
        }
        return try await call(operation, parameters, observer: observer)
    }

    /// Validates and encodes the parameters, then sends the request, retrying per
    /// `configuration.retry` (see `RetryPolicy` for what is retried and why). Each attempt is
    /// reported to `configuration.observer` and then to this call's `observer`.
    public func call(
        _ operation: Operation, _ parameters: [String: Value] = [:], observer: CallObserver? = nil
    ) async throws -> CallOutcome {
        let wire = try RequestEncoder.wireParameters(operation: operation, parameters: parameters)
        let clock = ContinuousClock()
        let start = clock.now
        var attempt = 0
        while true {
            attempt += 1
            let attemptStart = clock.now
            let result = try await send(action: operation.name, parameters: wire)
            let attemptTime = seconds(clock.now - attemptStart)
            switch result {
            case .success(let response):
                report(CallAttempt(
                    action: operation.name, attempt: attempt, httpStatus: response.status, errorCode: nil,
                    requestId: response.value["RequestId"]?.stringValue, duration: attemptTime, willRetry: false,
                    retryDelay: nil), to: observer)
                return CallOutcome(
                    action: operation.name, value: response.value, requestId: response.value["RequestId"]?.stringValue,
                    httpStatus: response.status, attempts: attempt, duration: seconds(clock.now - start))
            case .failure(let error):
                let retry = configuration.retry.shouldRetry(error, effect: operation.effect, attempt: attempt)
                let delay = retry ? configuration.retry.delay(after: attempt, error: error) : nil
                report(CallAttempt(
                    action: operation.name, attempt: attempt, httpStatus: error.httpStatus, errorCode: error.code,
                    requestId: error.requestId, duration: attemptTime, willRetry: retry, retryDelay: delay), to: observer)
                guard let delay else { throw error }
                try await Task.sleep(nanoseconds: UInt64(delay * 1_000_000_000))
            }
        }
    }

    private func report(_ attempt: CallAttempt, to callObserver: CallObserver?) {
        configuration.observer?(attempt)
        callObserver?(attempt)
    }

    private func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
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
