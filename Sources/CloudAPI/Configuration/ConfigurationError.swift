/// A client that cannot be configured: no credentials found, no region, an unsupported profile
/// mode, a bad endpoint or a malformed config file. The message says what to do; it never holds a
/// secret.
///
/// ```swift
/// catch let error as ConfigurationError {
///     print(error)   // no region: pass --region, set ALIBABA_CLOUD_REGION_ID, or set region_id in …
/// }
/// ```
public struct ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    public let code: String
    public let message: String

    public init(_ message: String, code: String = "Moongate.Configuration") {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
