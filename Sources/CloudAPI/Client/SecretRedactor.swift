// ===----------------------------------------------------------------------===
// Scrubs the AccessKeySecret and STS token out of any text that might reach a user: a service
// may echo the string to sign (V1's contains the SecurityToken), and transport errors may quote
// the request URL.
// ===----------------------------------------------------------------------===

import Foundation

/// Replaces every occurrence of a credential's secret and token, raw or percent-encoded (once or
/// twice, as in a V1 string to sign), with `<redacted>`. The source's secrets are read at each use:
/// renewed credentials bring new ones, and the old ones stay secret.
struct SecretRedactor: Sendable, CustomReflectable {
    private let source: CredentialsSource?
    private let extra: [String]

    /// - Parameter also: more secrets to scrub (a proxy's user name and password).
    init(_ source: CredentialsSource?, also extra: [String] = []) {
        self.source = source
        self.extra = extra
    }

    init(_ credentials: Credentials, also extra: [String] = []) {
        self.init(nil, also: extra + [credentials.accessKeySecret, credentials.securityToken].compactMap { $0 })
    }

    /// Holds secrets, so `dump` of a client must not show them.
    var customMirror: Mirror { Mirror(self, children: [:]) }

    /// Every secret it scrubs, raw.
    var secrets: [String] { extra + (source?.knownSecrets ?? []) }

    func scrub(_ text: String) -> String {
        var needles: [String] = []
        for secret in secrets where secret.count >= 4 {
            let once = PercentEncoding.encode(secret)
            needles += [secret, once, PercentEncoding.encode(once)]
        }
        // Longest first, so an encoded form is not half-replaced by a shorter raw match.
        return Array(Set(needles)).sorted { $0.count > $1.count }
            .reduce(text) { $0.replacingOccurrences(of: $1, with: "<redacted>") }
    }
}
