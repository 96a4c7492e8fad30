/// Credentials could not be obtained or refreshed: `profile "ci" (RamRoleArn): STS refused AssumeRole
/// (EntityNotExist.Role: The role not exists)`. Names the source and what to fix; never a secret or token.
///
/// ```swift
/// throw CredentialsError("environment", "ALIBABA_CLOUD_ACCESS_KEY_ID is set but ALIBABA_CLOUD_ACCESS_KEY_SECRET is not")
/// ```
public struct CredentialsError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `Moongate.NoCredentials`, or `Moongate.CredentialsFailed` when a source answered but refused.
    public let code: String
    /// Which source: `environment`, `profile "ci" (RamRoleArn)`, `ECS instance role`.
    public let source: String
    public let detail: String

    public init(_ source: String, _ detail: String, code: String = "Moongate.CredentialsFailed") {
        self.source = source
        self.detail = detail
        self.code = code
    }

    public var description: String { "\(source): \(detail)" }
}
