// ConnectionOptions: where calls go and as whom — the flags `moongate run` and `moongate whoami` share.
import ArgumentParser
import CloudAPI

struct ConnectionOptions: ParsableArguments {
    @Option(help: "API Gateway region (else ALIBABA_CLOUD_REGION_ID, else the profile's region_id).")
    var region: String?

    @Option(help: "Profile of the aliyun CLI's ~/.aliyun/config.json (else ALIBABA_CLOUD_PROFILE, else its current).")
    var profile: String?

    @Option(help: ArgumentHelp("Send calls to this URL instead of https://apigateway.<region>.aliyuncs.com.", valueName: "URL"))
    var endpoint: String?

    @Option(help: ArgumentHelp(
        "Forward proxy for every call, instead of HTTPS_PROXY/HTTP_PROXY/ALL_PROXY (\"\" for none; NO_PROXY still applies).",
        valueName: "URL"))
    var proxy: String?

    @Option(name: .customLong("ca-bundle"), help: ArgumentHelp(
        "Trust the CA certificates in this PEM file (a private CA) instead of SSL_CERT_FILE or the system's.", valueName: "FILE"))
    var caBundle: String?

    func validate() throws {
        do {
            try ConfigurationResolver.checkFlags(endpoint: endpoint, proxy: proxy, caBundle: caBundle)
        } catch {
            throw ValidationError("\(error)")
        }
    }
}
