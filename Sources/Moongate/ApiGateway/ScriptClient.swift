// ScriptClient: what a Lua `apigateway.Client` userdata holds.
import CloudAPI

/// One client a script made (`apigateway.client{…}` or `apigateway.default`): the typed CloudAPI
/// client plus the script-level policy that goes with it (allowed operations, a call rate).
final class ScriptClient {
    static let luaTypeName = "apigateway.Client"

    let api: CloudAPIClient
    /// Operations this client may call, on top of the run's `--allow`.
    let allow: GlobList?
    let rateLimiter: RateLimiter?

    init(api: CloudAPIClient, allow: GlobList?, rateLimiter: RateLimiter?) {
        self.api = api
        self.allow = allow
        self.rateLimiter = rateLimiter
    }
}

/// The fields a script may give `apigateway.client{…}`; each falls back to the run's options.
struct ScriptClientSettings: Equatable {
    var region: String?
    var endpoint: String?
    var profile: String?
    var accessKeyId: String?
    var accessKeySecret: String?
    var securityToken: String?
    var signature: String?
    var timeout: Double?
    var retries: Int?
    /// Seconds after a call began past which a throttled call is not retried.
    var retryDeadline: Double?
    var rate: Double?
    var allow: String?
    /// A proxy URL for this client (`""`: none), instead of `--proxy` and the environment.
    var proxy: String?
    var caBundle: String?

    /// Bounds of the numeric options: beyond them a value is a mistake (and once trapped or hung the run).
    static let maxTimeout = 3600.0          // seconds per attempt
    static let maxRetries = 100
    static let maxRetryDeadline = 86_400.0   // seconds
    static let rateRange = 0.001...1_000_000.0  // calls per second

    static let fieldNames: Set<String> = [
        "region", "endpoint", "profile", "access_key_id", "access_key_secret", "security_token",
        "signature", "timeout", "retries", "retry_deadline", "rate", "allow", "proxy", "ca_bundle",
    ]

    init(_ table: Value) throws {
        guard case .object(let fields) = table else {
            if case .array(let items) = table, items.isEmpty { return }
            throw ClientSettingsError("apigateway.client: options: expected a table (got \(table.typeName))")
        }
        for name in fields.keys where !Self.fieldNames.contains(name) {
            let suggestion = NameSuggestion.closest(to: name, among: Self.fieldNames.sorted())
                .map { " (did you mean \($0)?)" } ?? ""
            throw ClientSettingsError("apigateway.client: unknown option \(name)\(suggestion)")
        }
        func text(_ name: String) throws -> String? {
            guard let value = fields[name], !value.isNull else { return nil }
            guard case .string(let s) = value else { throw ClientSettingsError("apigateway.client: \(name): expected a string (got \(value.typeName))") }
            return s
        }
        func number(_ name: String, in range: ClosedRange<Double>, unit: String) throws -> Double? {
            guard let value = fields[name], !value.isNull else { return nil }
            // The ranges start above 0 and are finite, so this also refuses 0, negatives, inf and nan.
            guard let d = value.doubleValue, range.contains(d) else {
                throw ClientSettingsError("apigateway.client: \(name): expected a number of \(unit) from "
                    + "\(range.lowerBound.boundText) to \(range.upperBound.boundText) (got \(value.doubleValue.map(\.boundText) ?? "a non-number"))")
            }
            return d
        }
        region = try text("region")
        endpoint = try text("endpoint")
        profile = try text("profile")
        accessKeyId = try text("access_key_id")
        accessKeySecret = try text("access_key_secret")
        securityToken = try text("security_token")
        signature = try text("signature")
        if let signature, ClientConfiguration.SignatureVersion(rawValue: signature) == nil {
            throw ClientSettingsError("apigateway.client: signature: expected \"v3\" or \"v1\" (got \"\(signature)\")")
        }
        timeout = try number("timeout", in: 0.001...Self.maxTimeout, unit: "seconds")
        if let retries = fields["retries"], !retries.isNull {
            guard let n = retries.intValue, (0...Int64(Self.maxRetries)).contains(n) else {
                throw ClientSettingsError("apigateway.client: retries: expected an integer from 0 to \(Self.maxRetries) (got \(retries.doubleValue.map(\.boundText) ?? retries.typeName))")
            }
            self.retries = Int(n)
        }
        retryDeadline = try number("retry_deadline", in: 0.001...Self.maxRetryDeadline, unit: "seconds")
        rate = try number("rate", in: Self.rateRange, unit: "calls per second")
        allow = try text("allow")
        proxy = try text("proxy")
        caBundle = try text("ca_bundle")
        if (accessKeyId == nil) != (accessKeySecret == nil) {
            throw ClientSettingsError("apigateway.client: give access_key_id and access_key_secret together")
        }
    }

    init() {}
}

struct ClientSettingsError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

private extension Double {
    /// `3600` rather than `3600.0`, `0.001` as is: how a bound reads in an error.
    var boundText: String { self == rounded() && abs(self) < 1e15 ? String(Int64(self)) : String(self) }
}
