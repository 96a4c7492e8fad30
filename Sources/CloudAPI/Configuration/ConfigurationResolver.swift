// ===----------------------------------------------------------------------===
// Finds credentials, region and endpoint the way the aliyun CLI and the SDKs do, from an
// injectable environment and home directory (tests use temporary ones, never the real files).
// ===----------------------------------------------------------------------===

import Foundation

/// Resolves a `ClientConfiguration`.
///
/// Credentials, first found wins (the official default chain; see `ConfigurationResolver+Credentials.swift`):
/// explicit ones, the environment's AccessKey, OIDC from the environment, the aliyun CLI profile, the
/// credentials ini file, the ECS instance role, `ALIBABA_CLOUD_CREDENTIALS_URI`.
///
/// Region: `Options.region`, else `ALIBABA_CLOUD_REGION_ID`, else the profile's `region_id`.
///
/// ```swift
/// let resolver = ConfigurationResolver(environment: ["ALIBABA_CLOUD_REGION_ID": "cn-shanghai"],
///                                      homeDirectory: "/tmp/home")
/// let config = try resolver.resolve(.init(profile: "prod"))
/// ```
public struct ConfigurationResolver: Sendable {
    /// What the caller (CLI flags, library API) states explicitly.
    public struct Options: Sendable {
        public var credentials: Credentials?
        public var profile: String?
        public var region: String?
        /// An endpoint URL (`http://127.0.0.1:9780`); default `https://apigateway.<region>.aliyuncs.com`.
        public var endpoint: String?
        /// A proxy URL (`--proxy`) instead of the environment's; `""` for none at all.
        public var proxy: String?
        /// A PEM CA bundle (`--ca-bundle`) instead of `SSL_CERT_FILE` or the system's CAs.
        public var caBundle: String?

        public init(credentials: Credentials? = nil, profile: String? = nil, region: String? = nil, endpoint: String? = nil,
                    proxy: String? = nil, caBundle: String? = nil) {
            self.credentials = credentials
            self.profile = profile
            self.region = region
            self.endpoint = endpoint
            self.proxy = proxy
            self.caBundle = caBundle
        }
    }

    /// Credentials with where they came from (never the secret itself), for `--verbose` output.
    public struct ResolvedCredentials: Sendable {
        /// What the client signs with (renewed as they near expiry).
        public let credentialsSource: CredentialsSource
        /// The credentials the source gave first (the chain fetched them to know the source works).
        public let credentials: Credentials
        /// `explicit`, `environment`, `~/.aliyun/config.json profile "default" (AK)`, …
        public let source: String
        /// The profile's `region_id`, when the credentials came from a profile that has one.
        public let profileRegion: String?
    }

    public let environment: [String: String]
    public let homeDirectory: String

    public init(environment: [String: String] = ProcessInfo.processInfo.environment, homeDirectory: String? = nil) {
        self.environment = environment
        self.homeDirectory = homeDirectory ?? environment["HOME"] ?? NSHomeDirectory()
    }

    // MARK: - Whole configuration

    /// Credentials, region, endpoint, proxy and CA bundle; other settings keep their defaults.
    public func resolve(_ options: Options = Options()) throws -> ClientConfiguration {
        var endpoint: URL?
        if let text = options.endpoint {
            guard let url = URL(string: text) else { throw ConfigurationError("endpoint \(text) is not a URL") }
            _ = try Endpoint(url)
            endpoint = url
        }
        // The network first: STS calls made while finding credentials go through the same proxy and CAs.
        let network = try resolveNetwork(options, scheme: endpoint?.scheme?.lowercased() ?? "https")
        let resolved = try resolveCredentials(options, context: network)
        let region = try resolveRegion(options, profileRegion: resolved.profileRegion)
        var configuration = ClientConfiguration(credentialsSource: resolved.credentialsSource, region: region, endpoint: endpoint)
        configuration.proxy = network.proxy
        configuration.noProxy = network.noProxy
        configuration.caBundle = network.caBundle
        // whoami asks the STS the role was assumed at (a profile's sts_endpoint), else the environment's.
        switch resolved.credentialsSource.provider {
        case let role as RamRoleArnProvider: configuration.stsEndpoint = role.sts.base
        case let role as OIDCRoleArnProvider: configuration.stsEndpoint = role.sts.base
        default: configuration.stsEndpoint = StsClient.endpoint(environment: environment)
        }
        return configuration
    }

    /// Checks `--endpoint`, `--proxy` and `--ca-bundle` as given on a command line, before anything
    /// runs: a URL that is no endpoint (or plain http to a non-loopback host), a malformed proxy, a
    /// missing CA file. The messages name the flag and never a proxy password.
    public static func checkFlags(endpoint: String?, proxy: String?, caBundle: String?) throws {
        if let endpoint {
            guard let url = URL(string: endpoint) else { throw ConfigurationError("--endpoint \(endpoint) is not a URL") }
            do { _ = try Endpoint(url) } catch let error as ConfigurationError { throw ConfigurationError("--endpoint: \(error.message)") }
        }
        if let proxy, !proxy.isEmpty { _ = try ProxyURL(proxy, source: "--proxy") }
        if let caBundle { _ = try checkedBundle(caBundle, source: "--ca-bundle") }
    }

    private static func checkedBundle(_ path: String, source: String) throws -> String {
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw ConfigurationError("\(source) \(path): no such readable file (a PEM file of CA certificates)",
                                     code: "Moongate.InvalidCABundle")
        }
        return path
    }

    /// The proxy: `Options.proxy` (empty: none), else the environment's for the endpoint's scheme,
    /// minus `NO_PROXY`. The CA bundle: `Options.caBundle`, else `SSL_CERT_FILE`; it must be readable.
    public func resolveNetwork(_ options: Options, into configuration: inout ClientConfiguration) throws {
        let network = try resolveNetwork(options, scheme: configuration.endpoint.scheme?.lowercased() ?? "https")
        configuration.proxy = network.proxy
        configuration.noProxy = network.noProxy
        if let bundle = network.caBundle { configuration.caBundle = bundle }
    }

    func resolveNetwork(_ options: Options, scheme: String) throws -> CredentialsContext {
        let proxy: ProxyURL?
        if let explicit = options.proxy {
            proxy = explicit.isEmpty ? nil : try ProxyURL(explicit, source: "--proxy")
        } else {
            proxy = try ProxyURL.fromEnvironment(environment, scheme: scheme)
        }
        let bundle: (path: String, source: String)? = options.caBundle.map { ($0, "--ca-bundle") }
            ?? environment["SSL_CERT_FILE"].flatMap { $0.isEmpty ? nil : ($0, "SSL_CERT_FILE") }
        return CredentialsContext(environment: environment, proxy: proxy, noProxy: NoProxy.fromEnvironment(environment),
                                  caBundle: try bundle.map { try Self.checkedBundle($0.path, source: $0.source) })
    }

    // MARK: - Region

    public func resolveRegion(_ options: Options = Options(), profileRegion: String?) throws -> String {
        if let region = options.region, !region.isEmpty { return region }
        if let region = environment["ALIBABA_CLOUD_REGION_ID"], !region.isEmpty { return region }
        if let profileRegion { return profileRegion }
        throw ConfigurationError(
            "no region: pass --region (e.g. --region cn-hangzhou), set ALIBABA_CLOUD_REGION_ID, "
                + "or set region_id in your aliyun CLI profile (aliyun configure)",
            code: "Moongate.NoRegion")
    }

    // MARK: - Files

    func namedProfile(_ options: Options) -> String? {
        if let profile = options.profile, !profile.isEmpty { return profile }
        return environment["ALIBABA_CLOUD_PROFILE"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The CLI profile to use: the one asked for, else the file's `current`, else `default`.
    func profileName(in config: AliyunCLIConfig, _ options: Options) -> String {
        namedProfile(options) ?? config.current ?? "default"
    }

    /// The region of the profile that would be chosen, for credentials from elsewhere.
    func profileRegion(_ options: Options) -> String? {
        guard let config = try? cliConfig() else { return nil }
        return config.profile(named: profileName(in: config, options))?.regionId
    }

    var cliConfigPath: String { "\(homeDirectory)/.aliyun/config.json" }

    func cliConfig() throws -> AliyunCLIConfig? {
        guard let data = FileManager.default.contents(atPath: cliConfigPath) else { return nil }
        return try AliyunCLIConfig(json: Array(data), path: displayPath(cliConfigPath))
    }

    func credentialsFile() throws -> (path: String, file: CredentialsFile?) {
        if let explicit = environment["ALIBABA_CLOUD_CREDENTIALS_FILE"], !explicit.isEmpty {
            guard let data = FileManager.default.contents(atPath: explicit) else {
                throw ConfigurationError("ALIBABA_CLOUD_CREDENTIALS_FILE names \(explicit), which cannot be read")
            }
            return (explicit, CredentialsFile(text: String(decoding: data, as: UTF8.self)))
        }
        // credentials.ini is today's name; older official libraries read `credentials`.
        for path in ["\(homeDirectory)/.alibabacloud/credentials.ini", "\(homeDirectory)/.alibabacloud/credentials"] {
            if let data = FileManager.default.contents(atPath: path) {
                return (path, CredentialsFile(text: String(decoding: data, as: UTF8.self)))
            }
        }
        return ("\(homeDirectory)/.alibabacloud/credentials.ini", nil)
    }

    /// `~/…` for paths under the home directory, so messages read like the docs.
    func displayPath(_ path: String) -> String {
        path.hasPrefix(homeDirectory + "/") ? "~" + path.dropFirst(homeDirectory.count) : path
    }
}
