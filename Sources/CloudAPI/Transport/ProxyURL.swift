// ===----------------------------------------------------------------------===
// Proxies: which one a request goes through (an explicit URL, else the environment variables
// curl reads, minus NO_PROXY), and how one is shown (never with its user name or password).
// ===----------------------------------------------------------------------===

import Foundation

/// A forward proxy. `url` is what libcurl gets, credentials included; `description` is what anyone
/// else sees: `http://proxy.corp:3128`, without `user:password@`.
public struct ProxyURL: Sendable, Equatable, CustomStringConvertible, CustomReflectable {
    /// The URL as given (a bare `host:port` gets `http://`), credentials included.
    let url: String
    /// `scheme://host:port`: safe to print.
    public let description: String
    /// The user name and password, for `SecretMask` to mask from any text.
    let secrets: [String]

    public static let schemes: Set<String> = ["http", "https", "socks4", "socks4a", "socks5", "socks5h"]

    /// - Parameter source: where the URL came from (`--proxy`, `HTTPS_PROXY`), for the error.
    public init(_ text: String, source: String) throws {
        let withScheme = text.contains("://") ? text : "http://\(text)"
        guard let components = URLComponents(string: withScheme), let scheme = components.scheme?.lowercased(),
            Self.schemes.contains(scheme), let host = components.host, !host.isEmpty
        else {
            // The text may hold a password: the error shows only that it is malformed, and where from.
            throw ConfigurationError(
                "\(source): not a proxy URL (expected scheme://[user:password@]host:port, scheme one of "
                    + "\(Self.schemes.sorted().joined(separator: ", ")))", code: "Moongate.InvalidProxy")
        }
        url = withScheme
        description = "\(scheme)://\(host)\(components.port.map { ":\($0)" } ?? "")"
        secrets = [components.user, components.password, components.percentEncodedUser, components.percentEncodedPassword]
            .compactMap { $0 }.filter { !$0.isEmpty }
    }

    /// Holds credentials: `dump` shows only the printable form.
    public var customMirror: Mirror { Mirror(self, children: ["description": description]) }

    /// The proxy the environment names for an endpoint scheme, as libcurl reads it: `https_proxy`
    /// (or `HTTPS_PROXY`) for https, `http_proxy` (or `HTTP_PROXY`) for http, else `ALL_PROXY`.
    public static func fromEnvironment(_ environment: [String: String], scheme: String) throws -> ProxyURL? {
        let names = scheme == "https"
            ? ["https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"]
            : ["http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"]
        for name in names {
            if let value = environment[name], !value.isEmpty { return try ProxyURL(value, source: name) }
        }
        return nil
    }
}

/// `NO_PROXY`: a comma-separated list of hosts that are reached directly. As in libcurl: `*` is
/// every host; `example.com` (or `.example.com`) matches it and its subdomains; an IP address
/// matches itself, `10.0.0.0/8` a range.
public struct NoProxy: Sendable, Equatable {
    let entries: [String]

    public init(_ list: String?) {
        entries = (list ?? "").split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            .map { $0.hasPrefix(".") ? String($0.dropFirst()) : $0 }
            .filter { !$0.isEmpty }
    }

    public static func fromEnvironment(_ environment: [String: String]) -> NoProxy {
        NoProxy(environment["no_proxy"] ?? environment["NO_PROXY"])
    }

    /// Whether a request to `host` skips the proxy.
    public func bypasses(_ host: String) -> Bool {
        let host = host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        return entries.contains { entry in
            if entry == "*" || entry == host || host.hasSuffix(".\(entry)") { return true }
            return Self.inRange(host, entry)
        }
    }

    /// `a.b.c.d` inside `a.b.c.d/n` (IPv4 only; IPv6 ranges are rare in NO_PROXY).
    private static func inRange(_ host: String, _ entry: String) -> Bool {
        let parts = entry.split(separator: "/")
        guard parts.count == 2, let bits = Int(parts[1]), (0...32).contains(bits),
            let network = ipv4(String(parts[0])), let address = ipv4(host)
        else { return false }
        let mask: UInt32 = bits == 0 ? 0 : ~UInt32(0) << (32 - bits)
        return network & mask == address & mask
    }

    private static func ipv4(_ text: String) -> UInt32? {
        let octets = text.split(separator: ".", omittingEmptySubsequences: false).compactMap { UInt8($0) }
        guard octets.count == 4, text.split(separator: ".").count == 4 else { return nil }
        return octets.reduce(0) { $0 << 8 | UInt32($1) }
    }
}
