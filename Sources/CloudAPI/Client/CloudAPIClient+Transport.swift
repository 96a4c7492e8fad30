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

    /// One attempt. Transport failures become `CloudAPIError`s; only cancellation is thrown.
    func send(action: String, parameters: [(String, String)]) async throws -> Result<Response, CloudAPIError> {
        let prepared = prepare(action: action, parameters: parameters)
        var request = HTTPClientRequest(url: prepared.url)
        request.method = .POST
        for (name, value) in prepared.headers { request.headers.add(name: name, value: value) }
        let deadline = TimeAmount.milliseconds(Int64((configuration.connectTimeout + configuration.readTimeout) * 1000))
        do {
            let response = try await httpClient.execute(request, timeout: deadline)
            let status = Int(response.status.code)
            let retryAfter = response.headers.first(name: "x-acs-retry-after")
            let body: ByteBuffer
            do {
                body = try await response.body.collect(upTo: configuration.maxResponseBytes)
            } catch is NIOTooManyBytesError {
                return .failure(ResponseReader.unreadable(
                    status: status, body: [], reason: "response body larger than \(configuration.maxResponseBytes) bytes",
                    retryAfterHeader: retryAfter, action: action, redactor: redactor))
            }
            return ResponseReader.read(
                status: status, body: Array(body.readableBytesView), retryAfterHeader: retryAfter, action: action,
                redactor: redactor
            ).map { Response(status: status, value: $0) }
        } catch let error as CancellationError {
            throw error
        } catch {
            if let httpError = error as? HTTPClientError, httpError == .cancelled { throw CancellationError() }
            return .failure(transportFailure(error, action: action))
        }
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
