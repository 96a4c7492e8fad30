// ===----------------------------------------------------------------------===
// SHA-256 as lower-case hex, for what Moongate fingerprints outside signing (plans, scripts, modules).
// ===----------------------------------------------------------------------===

import Crypto

/// ```swift
/// Digest.sha256Hex(Array("abc".utf8))   // "ba7816bf…"
/// ```
public enum Digest {
    public static func sha256Hex(_ bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).hexString
    }
}
