// ===----------------------------------------------------------------------===
// A credentials URI (`ALIBABA_CLOUD_CREDENTIALS_URI`, profile mode CredentialsURI): a local service
// that answers GET with `{"Code":"Success","AccessKeyId",…,"Expiration"}`.
// ===----------------------------------------------------------------------===

/// ```swift
/// let provider = CredentialsURIProvider(name: "ALIBABA_CLOUD_CREDENTIALS_URI", uri: "http://127.0.0.1:8080/creds")
/// ```
public struct CredentialsURIProvider: CredentialsProvider {
    public let name: String
    public let uri: String
    let fetchSettings: BlockingFetch

    public init(name: String, uri: String, proxy: ProxyURL? = nil, caBundle: String? = nil) {
        self.name = name
        self.uri = uri
        self.fetchSettings = BlockingFetch(proxy: proxy, caBundle: caBundle)
    }

    public func fetch() throws -> IssuedCredentials {
        let reply = try fetchSettings.perform(method: "GET", url: uri, source: name)
        let place = BlockingFetch.hostPart(of: uri)
        guard reply.status == 200 else { throw CredentialsError(name, "\(place) answered HTTP \(reply.status)") }
        guard let body = try? Value(json: reply.body), case .object = body else {
            throw CredentialsError(name, "\(place) answered something that is not a JSON object")
        }
        guard body["Code"]?.stringValue == "Success" else {
            throw CredentialsError(name, "\(place) answered Code \(body["Code"]?.stringValue ?? "(missing)"), not Success")
        }
        return try StsClient.issued(body, source: name, what: place)
    }
}
