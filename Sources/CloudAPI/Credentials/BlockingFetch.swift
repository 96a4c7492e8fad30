// ===----------------------------------------------------------------------===
// One HTTP exchange, waited for on the calling thread: what credential providers use to reach STS,
// the ECS metadata service or a credentials URI. A private CallLoop keeps it off the script's loop,
// so a refresh never runs a script callback out of turn.
// ===----------------------------------------------------------------------===

import Foundation

/// A credential source's HTTP request and where it is sent from (timeouts, proxy, CA bundle).
///
/// ```swift
/// let fetch = BlockingFetch(connectTimeout: 1, readTimeout: 1)
/// let reply = try fetch.perform(method: "GET", url: "http://100.100.100.200/latest/meta-data/…", source: "ECS instance role")
/// ```
struct BlockingFetch: Sendable {
    var connectTimeout: Double = 5
    var readTimeout: Double = 10
    var proxy: ProxyURL?
    var caBundle: String?

    struct Reply {
        let status: Int
        let body: [UInt8]
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    /// Sends the request and waits; a transport failure is a `CredentialsError` naming `source` and the
    /// host (never the query, which may carry a token).
    func perform(method: String, url: String, headers: [(String, String)] = [], source: String) throws -> Reply {
        let settings = TransferSettings(connectTimeout: connectTimeout, totalTimeout: connectTimeout + readTimeout,
                                        maxResponseBytes: 1 << 20, proxy: proxy, caBundle: caBundle)
        let loop = CallLoop(maxConnectionsPerHost: 1, maxWait: 0.05)
        var result: TransferResult?
        _ = loop.start(PreparedRequest(method: method, url: url, headers: headers), settings: settings) { result = $0 }
        loop.run(until: { result != nil })
        let place = Self.hostPart(of: url)
        switch result! {
        case .response(let status, let body, _):
            return Reply(status: status, body: body)
        case .tooLarge:
            throw CredentialsError(source, "the answer from \(place) is larger than 1 MiB")
        case .failed(_, let detail, _):
            throw CredentialsError(source, "cannot reach \(place) (\(detail))")
        case .cancelled:
            throw CredentialsError(source, "the request to \(place) was cancelled")
        }
    }

    /// `scheme://host:port` of a URL: enough to say where, without a query that may hold a token.
    static func hostPart(of url: String) -> String {
        guard let components = URLComponents(string: url), let host = components.host else { return "the endpoint" }
        return "\(components.scheme ?? "https")://\(host)\(components.port.map { ":\($0)" } ?? "")"
    }
}
