// ===----------------------------------------------------------------------===
// Everything a CloudAPIClient needs: who signs, where requests go, how long to wait, when to retry.
// ===----------------------------------------------------------------------===

import Foundation

/// The settings of a `CloudAPIClient`. Build one directly, or let `ConfigurationResolver` find
/// credentials and region the way the aliyun CLI does.
///
/// ```swift
/// var config = ClientConfiguration(credentials: creds, region: "cn-hangzhou")
/// config.endpoint = URL(string: "http://127.0.0.1:9780")!   // the emulator
/// config.retry = .none
/// ```
public struct ClientConfiguration: Sendable {
    public typealias SignatureVersion = CloudAPI.SignatureVersion

    public var credentials: Credentials
    public var region: String
    /// `https://apigateway.<region>.aliyuncs.com` unless set; `http` is allowed (loopback, emulator).
    public var endpoint: URL
    public var signatureVersion: SignatureVersion
    /// Seconds to establish a connection. async-http-client keeps retrying a refused connection
    /// until this runs out, so it is also how long "nothing is listening" takes to report.
    public var connectTimeout: Double
    /// Seconds to wait for a response once connected (per attempt).
    public var readTimeout: Double
    public var retry: RetryPolicy
    public var userAgent: String
    /// Bodies larger than this are refused (`Moongate.InvalidResponse`), in bytes.
    public var maxResponseBytes: Int
    /// Told about every attempt (for an audit log).
    public var observer: CallObserver?

    public init(
        credentials: Credentials, region: String, endpoint: URL? = nil, signatureVersion: SignatureVersion = .v3,
        connectTimeout: Double = 5, readTimeout: Double = 30, retry: RetryPolicy = .default,
        userAgent: String = ClientConfiguration.defaultUserAgent, maxResponseBytes: Int = 16 << 20,
        observer: CallObserver? = nil
    ) {
        self.credentials = credentials
        self.region = region
        self.endpoint = endpoint ?? Self.defaultEndpoint(region: region)
        self.signatureVersion = signatureVersion
        self.connectTimeout = connectTimeout
        self.readTimeout = readTimeout
        self.retry = retry
        self.userAgent = userAgent
        self.maxResponseBytes = maxResponseBytes
        self.observer = observer
    }

    public static let defaultUserAgent = "Moongate/0.1 (CloudAPI \(Catalog.apiVersion))"

    /// `https://apigateway.<region>.aliyuncs.com`.
    public static func defaultEndpoint(region: String) -> URL {
        URL(string: "https://apigateway.\(region).aliyuncs.com")!
    }
}

extension ClientConfiguration: CustomStringConvertible {
    /// Shows where and how requests go; never the secret or token (see `Credentials`).
    public var description: String {
        "ClientConfiguration(endpoint: \(endpoint.absoluteString), region: \(region), credentials: \(credentials), "
            + "signature: \(signatureVersion.rawValue), retry: \(retry.maxAttempts) attempts)"
    }
}
