// ===----------------------------------------------------------------------===
// One process-wide HTTP client per timeout setting, so every CloudAPIClient shares connections
// (keep-alive) instead of opening a pool per call or per client.
// ===----------------------------------------------------------------------===

import AsyncHTTPClient
import Foundation
import NIOCore

/// The shared async-http-client instances. Connect and read timeouts are properties of an
/// `HTTPClient`, so clients with different timeouts get different instances; in practice a
/// process uses one. They live as long as the process (never shut down).
enum HTTPClientPool {
    private struct Key: Hashable {
        let connectMilliseconds: Int64
        let readMilliseconds: Int64
    }

    private final class Storage: @unchecked Sendable {
        let lock = NSLock()
        var clients: [Key: HTTPClient] = [:]
    }

    private static let storage = Storage()

    static func shared(connectTimeout: Double, readTimeout: Double) -> HTTPClient {
        let key = Key(connectMilliseconds: milliseconds(connectTimeout), readMilliseconds: milliseconds(readTimeout))
        storage.lock.lock()
        defer { storage.lock.unlock() }
        if let client = storage.clients[key] { return client }
        var configuration = HTTPClient.Configuration()
        configuration.timeout = .init(
            connect: .milliseconds(key.connectMilliseconds), read: .milliseconds(key.readMilliseconds))
        // The service never redirects an API call; a redirect would re-send a signed request elsewhere.
        configuration.redirectConfiguration = .disallow
        configuration.connectionPool = .init(idleTimeout: .seconds(60))
        // Nothing here reads request spans; without a tracer each request skips their bookkeeping.
        configuration.tracing.tracer = nil
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        storage.clients[key] = client
        return client
    }

    private static func milliseconds(_ seconds: Double) -> Int64 {
        Int64((max(0.001, seconds) * 1000).rounded())
    }
}
