// ===----------------------------------------------------------------------===
// One attempt on the wire: sign afresh (a new nonce and date each time, since the service refuses
// a reused nonce), POST to `/` with every parameter in the query, read the response.
// ===----------------------------------------------------------------------===

import CCurl
import Foundation

extension CloudAPIClient {
    struct Response: Sendable {
        let status: Int
        let value: Value
    }

    /// Signs wire parameters for this client's endpoint and signature version.
    /// Throws `CredentialsError` when the credentials cannot be had (a renewal failed).
    public func prepare(action: String, parameters: [(String, String)], date: Date = Date(),
                        nonce: String = SigningClock.nonce()) throws -> PreparedRequest {
        let credentials = try configuration.credentialsSource.current(now: date)
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

    /// Sends one attempt on `loop`; `completion` runs there with the response object or a
    /// `CloudAPIError` (nil when the transfer was cancelled). A write goes on a connection of its
    /// own, so that libcurl never re-sends it by itself (see `Transfer`).
    func sendAttempt(action: String, parameters: [(String, String)], isWrite: Bool, on loop: CallLoop,
                     completion: @escaping (Result<Response, CloudAPIError>?) -> Void) -> Transfer? {
        let request: PreparedRequest
        do {
            request = try prepare(action: action, parameters: parameters)
        } catch {
            // Nothing was sent. Reported on the loop's next turn, as a transfer's end would be.
            let failure = CloudAPIError(code: (error as? CredentialsError)?.code ?? "Moongate.CredentialsFailed",
                                        message: secrets.scrub("\(error)"), action: action, retryable: false)
            loop.schedule(after: 0) { completion(.failure(failure)) }
            return nil
        }
        return loop.start(request, settings: transferSettings, freshConnection: isWrite) { [self] result in
            switch result {
            case .response(let status, let body, let retryAfter):
                completion(ResponseReader.read(
                    status: status, body: body, retryAfterHeader: retryAfter, action: action, secrets: secrets
                ).map { Response(status: status, value: $0) })
            case .tooLarge(let status, let retryAfter):
                completion(.failure(ResponseReader.unreadable(
                    status: status, body: [], reason: "response body larger than \(configuration.maxResponseBytes) bytes",
                    retryAfterHeader: retryAfter, action: action, secrets: secrets)))
            case .failed(let code, let detail, let sent):
                completion(.failure(TransportFailure.error(code, detail: detail, sent: sent, action: action, endpoint: endpoint.base,
                                                           proxy: transferSettings.proxy, secrets: secrets)))
            case .cancelled:
                completion(nil)
            }
        }
    }
}
