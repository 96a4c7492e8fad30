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

    /// What requests are signed with: fixed credentials, or a provider's, renewed before they expire.
    public var credentialsSource: CredentialsSource
    public var region: String
    /// `https://apigateway.<region>.aliyuncs.com` unless set; `http` only to loopback (the emulator).
    public var endpoint: URL
    public var signatureVersion: SignatureVersion
    /// Seconds to establish a connection (TLS and proxy included), per attempt.
    public var connectTimeout: Double
    /// Seconds to wait for the response once connected, per attempt (the official SDK's default: 10).
    public var readTimeout: Double
    public var retry: RetryPolicy
    public var userAgent: String
    /// Bodies larger than this are refused (`Moongate.InvalidResponse`), in bytes.
    public var maxResponseBytes: Int
    /// Told about every attempt (for an audit log).
    public var observer: CallObserver?
    /// The forward proxy, nil for none; `ConfigurationResolver` takes it from `--proxy` or the
    /// environment (`HTTPS_PROXY`, …). Its password is a secret like the AccessKeySecret.
    public var proxy: ProxyURL?
    /// Hosts reached without the proxy (`NO_PROXY`).
    public var noProxy: NoProxy
    /// A PEM file of trusted CAs instead of the system's (`--ca-bundle`, `SSL_CERT_FILE`).
    public var caBundle: String?
    /// Where `whoami` asks STS who the credentials are (`sts.aliyuncs.com` unless configured).
    public var stsEndpoint: String = "sts.aliyuncs.com"
    /// The pace learned from throttling, per (endpoint, operation); shared by the whole process unless
    /// set (a Moongate run gives its clients one of their own).
    public var rates: AdaptiveRates = .shared

    /// With fixed credentials.
    public init(
        credentials: Credentials, region: String, endpoint: URL? = nil, signatureVersion: SignatureVersion = .v3,
        connectTimeout: Double = 5, readTimeout: Double = 10, retry: RetryPolicy = .default,
        userAgent: String = ClientConfiguration.defaultUserAgent, maxResponseBytes: Int = 16 << 20,
        observer: CallObserver? = nil, proxy: ProxyURL? = nil, noProxy: NoProxy = NoProxy(nil), caBundle: String? = nil
    ) {
        self.init(credentialsSource: CredentialsSource(credentials), region: region, endpoint: endpoint,
                  signatureVersion: signatureVersion, connectTimeout: connectTimeout, readTimeout: readTimeout, retry: retry,
                  userAgent: userAgent, maxResponseBytes: maxResponseBytes, observer: observer, proxy: proxy,
                  noProxy: noProxy, caBundle: caBundle)
    }

    /// With credentials from a source (a provider chain, an assumed role, the ECS instance role).
    public init(
        credentialsSource: CredentialsSource, region: String, endpoint: URL? = nil, signatureVersion: SignatureVersion = .v3,
        connectTimeout: Double = 5, readTimeout: Double = 10, retry: RetryPolicy = .default,
        userAgent: String = ClientConfiguration.defaultUserAgent, maxResponseBytes: Int = 16 << 20,
        observer: CallObserver? = nil, proxy: ProxyURL? = nil, noProxy: NoProxy = NoProxy(nil), caBundle: String? = nil
    ) {
        self.credentialsSource = credentialsSource
        self.region = region
        self.endpoint = endpoint ?? Self.defaultEndpoint(region: region)
        self.signatureVersion = signatureVersion
        self.connectTimeout = connectTimeout
        self.readTimeout = readTimeout
        self.retry = retry
        self.userAgent = userAgent
        self.maxResponseBytes = maxResponseBytes
        self.observer = observer
        self.proxy = proxy
        self.noProxy = noProxy
        self.caBundle = caBundle
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
        "ClientConfiguration(endpoint: \(endpoint.absoluteString), region: \(region), credentials: \(credentialsSource.name), "
            + "signature: \(signatureVersion.rawValue), retry: \(retry.maxAttempts) attempts"
            + (proxy.map { ", proxy: \($0)" } ?? "") + ")"
    }
}
