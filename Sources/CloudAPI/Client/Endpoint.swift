// ===----------------------------------------------------------------------===
// Endpoint: the checked form of a configured endpoint URL, and the Host header V3 signs.
// ===----------------------------------------------------------------------===

import Foundation

/// Where requests go: the endpoint's `scheme://host[:port]`, with the `Host` header value that
/// both async-http-client sends and the V3 signer signs (port included when not the default).
struct Endpoint: Sendable, Equatable {
    /// `host` or `host:port`: what goes into the signed `host` header.
    let hostHeader: String
    /// `scheme://host[:port]` without a path.
    let base: String

    init(_ url: URL) throws {
        guard let components = URLComponents(url: url, resolvingAgainstBaseURL: false),
            let scheme = components.scheme?.lowercased(), scheme == "https" || scheme == "http"
        else {
            throw ConfigurationError("endpoint \(url.absoluteString) must be an http:// or https:// URL")
        }
        guard let rawHost = components.host, !rawHost.isEmpty else {
            throw ConfigurationError("endpoint \(url.absoluteString) has no host")
        }
        guard components.path.isEmpty || components.path == "/", components.query == nil else {
            throw ConfigurationError("endpoint \(url.absoluteString) must not have a path or query (requests go to /)")
        }
        guard components.user == nil, components.password == nil else {
            throw ConfigurationError("endpoint must not carry a user name or password")
        }
        let host = rawHost.contains(":") && !rawHost.hasPrefix("[") ? "[\(rawHost)]" : rawHost
        let defaultPort = scheme == "https" ? 443 : 80
        let explicitPort = components.port.flatMap { $0 == defaultPort ? nil : $0 }
        self.hostHeader = explicitPort.map { "\(host):\($0)" } ?? host
        self.base = "\(scheme)://\(hostHeader)"
    }

    /// The request URL for a query: `base/?k=v&…` (RFC 3986 encoding, `%20` for space).
    func url(query: [(String, String)]) -> String {
        query.isEmpty ? "\(base)/" : "\(base)/?\(PercentEncoding.encodeQuery(query))"
    }
}
