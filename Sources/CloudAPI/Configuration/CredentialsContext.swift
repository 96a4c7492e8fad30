// ===----------------------------------------------------------------------===
// What turning a profile into a credentials provider needs besides the profile: the environment
// (STS endpoint and region, session name) and how to reach STS (proxy, CA bundle).
// ===----------------------------------------------------------------------===

struct CredentialsContext {
    let environment: [String: String]
    let proxy: ProxyURL?
    let noProxy: NoProxy
    let caBundle: String?

    /// The STS client for a profile's `sts_endpoint` / `sts_region` (see `StsClient.endpoint`).
    func sts(profileEndpoint: String? = nil, profileRegion: String? = nil, source: String) throws -> StsClient {
        let endpoint = StsClient.endpoint(profileEndpoint: profileEndpoint, profileRegion: profileRegion, environment: environment)
        do {
            var client = try StsClient(endpoint: endpoint, caBundle: caBundle)
            if let proxy, !noProxy.bypasses(client.endpoint.host) { client.fetch.proxy = proxy }
            return client
        } catch let error as ConfigurationError {
            throw ConfigurationError("\(source): \(error.message)", code: "Moongate.InvalidCredentials")
        }
    }

    func value(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
}
