// ===----------------------------------------------------------------------===
// Credentials: an AccessKey pair, optionally with an STS token. The secret and the token never
// appear in a description, a debug description or a mirror (so not in `print`, `dump`, logs).
// ===----------------------------------------------------------------------===

/// An Alibaba Cloud AccessKey pair, with the STS security token for temporary credentials.
///
/// ```swift
/// let creds = Credentials(accessKeyId: "LTAI5t…", accessKeySecret: secret)
/// print(creds)   // Credentials(accessKeyId: LTAI5t…, accessKeySecret: ***)
/// ```
public struct Credentials: Sendable, Equatable {
    public let accessKeyId: String
    public let accessKeySecret: String
    /// The STS token of temporary credentials (nil for a plain AccessKey).
    public let securityToken: String?

    public init(accessKeyId: String, accessKeySecret: String, securityToken: String? = nil) {
        self.accessKeyId = accessKeyId
        self.accessKeySecret = accessKeySecret
        self.securityToken = securityToken.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// True for STS credentials (a security token is present).
    public var isTemporary: Bool { securityToken != nil }
}

// MARK: - Redacted descriptions

extension Credentials: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String {
        var text = "Credentials(accessKeyId: \(accessKeyId), accessKeySecret: \(SecretMask.mask)"
        if securityToken != nil { text += ", securityToken: \(SecretMask.mask)" }
        return text + ")"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "accessKeyId": accessKeyId,
                "accessKeySecret": SecretMask.mask,
                "securityToken": securityToken == nil ? "nil" : SecretMask.mask,
            ],
            displayStyle: .struct
        )
    }
}
