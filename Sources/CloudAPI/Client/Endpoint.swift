// ===----------------------------------------------------------------------===
// Endpoint: the checked form of a configured endpoint URL, and the Host header V3 signs.
// ===----------------------------------------------------------------------===

import Foundation

/// Where requests go: the endpoint's `scheme://host[:port]`, with the `Host` header value that
/// both libcurl sends and the V3 signer signs (port included when not the default). Plain `http`
/// is for loopback only (the emulator): signed requests and STS tokens must not travel in clear.
struct Endpoint: Sendable, Equatable {
    /// `host` or `host:port`: what goes into the signed `host` header.
    let hostHeader: String
    /// `scheme://host[:port]` without a path.
    let base: String
    /// The host alone (no brackets, no port), as NO_PROXY matches it.
    let host: String

    init(_ url: URL) throws {
        guard let components = URLComponents(url: url, resolvingAgainstBaseURL: false),
            let scheme = components.scheme?.lowercased(), scheme == "https" || scheme == "http"
        else {
            throw ConfigurationError("endpoint \(url.absoluteString): expected an http:// or https:// URL")
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
        if scheme == "http", !Self.isLoopback(rawHost) {
            throw ConfigurationError(
                "endpoint \(url.absoluteString): plain http is only for loopback addresses (the emulator); "
                    + "use https:// so that signed requests and tokens do not travel in clear")
        }
        self.host = rawHost.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
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

    /// `localhost`, `127.0.0.0/8` or `::1`.
    static func isLoopback(_ host: String) -> Bool {
        let bare = host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        if bare == "localhost" || bare == "::1" || bare == "0:0:0:0:0:0:0:1" { return true }
        let octets = bare.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets.allSatisfy { UInt8($0) != nil } && octets[0] == "127"
    }
}
