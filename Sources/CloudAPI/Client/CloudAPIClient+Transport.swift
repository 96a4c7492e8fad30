// ===----------------------------------------------------------------------===
// One attempt on the wire: sign afresh (a new nonce and date each time, since the service refuses
// a reused nonce), POST to `/` with every parameter in the query, read the response.
// ===----------------------------------------------------------------------===

import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

extension CloudAPIClient {
    struct Response: Sendable {
        let status: Int
        let value: Value
    }

    /// Signs wire parameters for this client's endpoint and signature version.
    public func prepare(action: String, parameters: [(String, String)], date: Date = Date(),
                        nonce: String = SigningClock.nonce()) -> PreparedRequest {
        let credentials = configuration.credentials
        var headers: [(String, String)]
        let query: [(String, String)]
        switch configuration.signatureVersion {
        case .v3:
            query = parameters
            headers = SignerV3.sign(
                action: action, version: Catalog.apiVersion, host: endpoint.hostHeader, query: parameters,
                credentials: credentials, date: date, nonce: nonce)
        case .v1:
            query = SignerV1.sign(
                action: action, version: Catalog.apiVersion, parameters: parameters, credentials: credentials,
                date: date, nonce: nonce)
            // Not signed in V1, but the SDK sends them; they help a server's logs.
            headers = [("host", endpoint.hostHeader), ("x-acs-action", action), ("x-acs-version", Catalog.apiVersion)]
        }
        headers += [("accept", "application/json"), ("user-agent", configuration.userAgent)]
        return PreparedRequest(method: "POST", url: endpoint.url(query: query), headers: headers)
    }

    /// Sends one attempt and calls `completion` with its result on an event-loop thread. Transport
    /// failures become `CloudAPIError`s. Returns the in-flight task (nil when the request could not
    /// even be built) so that a caller can cancel it.
    @discardableResult
    func sendAttempt(
        action: String, parameters: [(String, String)],
        completion: @escaping @Sendable (Result<Response, CloudAPIError>) -> Void
    ) -> HTTPClient.Task<ResponseCollector.Collected>? {
        let prepared = prepare(action: action, parameters: parameters)
        let request: HTTPClient.Request
        do {
            request = try HTTPClient.Request(url: prepared.url, method: .POST, headers: HTTPHeaders(prepared.headers))
        } catch {
            completion(.failure(transportFailure(error, action: action)))
            return nil
        }
        let timeout = TimeAmount.milliseconds(Int64((configuration.connectTimeout + configuration.readTimeout) * 1000))
        let task = httpClient.execute(
            request: request, delegate: ResponseCollector(limit: configuration.maxResponseBytes), deadline: .now() + timeout)
        task.futureResult.whenComplete { [self] result in
            switch result {
            case .success(let response):
                completion(ResponseReader.read(
                    status: response.status, body: Array(response.body.readableBytesView),
                    retryAfterHeader: response.retryAfterHeader, action: action, redactor: redactor
                ).map { Response(status: response.status, value: $0) })
            case .failure(let tooLarge as ResponseCollector.TooLarge):
                completion(.failure(ResponseReader.unreadable(
                    status: tooLarge.status, body: [], reason: "response body larger than \(configuration.maxResponseBytes) bytes",
                    retryAfterHeader: tooLarge.retryAfterHeader, action: action, redactor: redactor)))
            case .failure(let error):
                completion(.failure(transportFailure(error, action: action)))
            }
        }
        return task
    }

    private func transportFailure(_ error: any Error, action: String) -> CloudAPIError {
        let timeouts: [HTTPClientError] = [.connectTimeout, .readTimeout, .deadlineExceeded]
        let isTimeout = (error as? HTTPClientError).map { timeouts.contains($0) } ?? false
        return CloudAPIError(
            code: isTimeout ? "Moongate.Timeout" : "Moongate.ConnectionFailed",
            message: redactor.scrub("\(isTimeout ? "no response in time" : "cannot reach") \(endpoint.base) (\(error))"),
            action: action, retryable: true)
    }
}
