// SecretMask: every secret value a run knows, and the one rule that masks them in text. The client's
// errors, Moongate's output, audit, plan and journal all pass through it (with SecretFields, which
// masks by field name).
import Foundation
import Synchronization

/// Secret values, and the forms they take in text: raw, percent-encoded (once or twice, as in a V1
/// string to sign) and JSON-escaped. Sources are read at each use, so renewed credentials are covered.
///
/// ```swift
/// let mask = SecretMask()
/// mask.add("s3cr3t-value")
/// mask.scrub("token=s3cr3t-value")   // "token=***"
/// ```
public final class SecretMask: Sendable, CustomReflectable {
    /// Shorter values are not masked: masking "ab" everywhere would garble output and hide nothing.
    public static let minimumLength = 4
    /// What a secret becomes (field-name masking, `SecretFields`, writes the same).
    public static let mask = "***"

    private struct State {
        var values: Set<String> = []
        var sources: [@Sendable () -> [String]] = []
        /// The needles for `cachedFor`: rebuilt only when the secrets change (output masks every chunk).
        var cachedFor: Set<String> = []
        var cached: [[UInt8]] = []
    }
    private let state = Mutex(State())

    public init(_ secrets: [String] = []) {
        secrets.forEach(add)
    }

    /// Holds secrets, so `dump` must not show them.
    public var customMirror: Mirror { Mirror(self, children: [:]) }

    /// Masks `secret` from now on (ignored when shorter than `minimumLength`).
    public func add(_ secret: String) {
        guard secret.utf8.count >= Self.minimumLength else { return }
        state.withLock { _ = $0.values.insert(secret) }
    }

    /// Masks whatever `source` returns at each use (a client's credentials, which renew).
    public func add(source: @escaping @Sendable () -> [String]) {
        state.withLock { $0.sources.append(source) }
    }

    /// The secrets found in an environment: values of credential-looking variables, and the user
    /// and password of proxy URLs.
    public func add(environment: [String: String]) {
        for (name, value) in environment {
            if Self.isSecretVariable(name) { add(value) }
            if name.lowercased().hasSuffix("_proxy"), let components = URLComponents(string: value) {
                [components.password, components.percentEncodedPassword].compactMap { $0 }.forEach(add)
            }
        }
    }

    /// Variables a script cannot read (`os.getenv` gives nil): `ALIBABA_CLOUD_ACCESS_KEY_SECRET`,
    /// `…_SECURITY_TOKEN`, any `*SECRET*`, `*TOKEN*`, `*PASSWORD*`, `*CREDENTIAL*` — and the ones that
    /// only point at a secret (`ALIBABA_CLOUD_OIDC_TOKEN_FILE`), so a script cannot find it either.
    public static func isHiddenVariable(_ name: String) -> Bool {
        let upper = name.uppercased()
        return ["SECRET", "TOKEN", "PASSWORD", "PASSWD", "CREDENTIAL", "PRIVATE_KEY"].contains { upper.contains($0) }
    }

    /// Hidden variables whose value is itself the secret, to mask in output: not those naming a file,
    /// a URL or an ARN (a token file's path is not secret, and masking it would hide it from errors).
    public static func isSecretVariable(_ name: String) -> Bool {
        let upper = name.uppercased()
        let pointers = ["_FILE", "_PATH", "_DIR", "_URI", "_URL", "_ARN", "_ENDPOINT", "_ID", "_NAME"]
        return isHiddenVariable(name) && !pointers.contains { upper.hasSuffix($0) }
    }

    /// Every secret value known now, raw.
    public var secrets: Set<String> {
        let (values, sources) = state.withLock { ($0.values, $0.sources) }
        var all = values
        for source in sources { all.formUnion(source().filter { $0.utf8.count >= Self.minimumLength }) }
        return all
    }

    /// Every form to replace, longest first (so an encoded form is not half-replaced by a raw match).
    var needles: [[UInt8]] {
        let all = secrets
        if let cached = state.withLock({ $0.cachedFor == all ? $0.cached : nil }) { return cached }
        let needles = Self.needles(for: all)
        state.withLock { $0.cachedFor = all; $0.cached = needles }
        return needles
    }

    private static func needles(for all: Set<String>) -> [[UInt8]] {
        var forms: Set<[UInt8]> = []
        for secret in all {
            let once = PercentEncoding.encode(secret)
            let json = Self.jsonEscaped(secret)
            // JSON may also escape "/" (as many encoders do).
            let written = [secret, once, PercentEncoding.encode(once), json, json.replacingOccurrences(of: "/", with: "\\/")]
            forms.formUnion(written.map { Array($0.utf8) })
        }
        return forms.sorted { $0.count > $1.count }
    }

    /// `text` with every known secret replaced by `***`.
    public func scrub(_ text: String) -> String {
        let needles = self.needles
        guard !needles.isEmpty else { return text }
        return String(decoding: Self.replacing(needles, in: Array(text.utf8)), as: UTF8.self)
    }

    /// `bytes` with every occurrence of `needles` replaced by `***`.
    static func replacing(_ needles: [[UInt8]], in bytes: [UInt8]) -> [UInt8] {
        scan(bytes, needles, endOfText: true).masked
    }

    /// Masks `bytes` left to right, longest needle first at each position. Unless `endOfText`, stops
    /// where the rest could still become a secret once more bytes come: `held` is where that starts.
    static func scan(_ bytes: [UInt8], _ needles: [[UInt8]], endOfText: Bool) -> (masked: [UInt8], held: Int) {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        scan: while i < bytes.count {
            let rest = bytes.count - i
            for needle in needles where bytes[i] == needle[0] {
                if rest >= needle.count {
                    guard bytes[i..<(i + needle.count)].elementsEqual(needle) else { continue }
                    out += maskBytes
                    i += needle.count
                    continue scan
                }
                if !endOfText, needle.starts(with: bytes[i...]) { return (out, i) }
            }
            out.append(bytes[i])
            i += 1
        }
        return (out, bytes.count)
    }

    static let maskBytes = Array(mask.utf8)

    /// The secret as it appears inside a JSON string (only when that differs from the raw text).
    static func jsonEscaped(_ secret: String) -> String {
        guard let text = try? Value.string(secret).jsonString() else { return secret }
        return String(text.dropFirst().dropLast())
    }
}
