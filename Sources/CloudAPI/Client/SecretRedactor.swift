// ===----------------------------------------------------------------------===
// Scrubs the AccessKeySecret and STS token out of any text that might reach a user: a service
// may echo the string to sign (V1's contains the SecurityToken), and transport errors may quote
// the request URL.
// ===----------------------------------------------------------------------===

import Foundation

/// Replaces every occurrence of a credential's secret and token, raw or percent-encoded (once or
/// twice, as in a V1 string to sign), with `<redacted>`.
struct SecretRedactor: Sendable, CustomReflectable {
    private let needles: [String]

    /// - Parameter also: more secrets to scrub (a proxy's user name and password).
    init(_ credentials: Credentials, also extra: [String] = []) {
        var needles: [String] = extra.filter { $0.count >= 4 }
        for secret in [credentials.accessKeySecret, credentials.securityToken].compactMap({ $0 }) where secret.count >= 4 {
            let once = PercentEncoding.encode(secret)
            needles += [secret, once, PercentEncoding.encode(once)]
        }
        // Longest first, so an encoded form is not half-replaced by a shorter raw match.
        self.needles = Array(Set(needles)).sorted { $0.count > $1.count }
    }

    /// Holds secrets, so `dump` of a client must not show them.
    var customMirror: Mirror { Mirror(self, children: [:]) }

    func scrub(_ text: String) -> String {
        needles.reduce(text) { $0.replacingOccurrences(of: $1, with: "<redacted>") }
    }
}
