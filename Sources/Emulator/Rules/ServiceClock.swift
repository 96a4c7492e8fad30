// ===----------------------------------------------------------------------===
// Times and identifiers in the formats of the service's documented examples.
// ===----------------------------------------------------------------------===

import CloudAPI
import Foundation

/// Timestamps like `2022-01-25T11:22:29Z`, ids like `0d105f80a8f340408bd34954d4e4ff22`, request ids
/// like `66D84355-164D-53ED-81FF-03DCF181DE24`.
enum ServiceClock {
    /// UTC, whole seconds: the format of `CreatedTime` / `ModifiedTime` in the docs' examples (and
    /// of the signers' timestamps, so one formatter serves both).
    static func timestamp(_ date: Date = Date()) -> String { SigningClock.timestamp(date) }

    /// A new 32-hex-digit lowercase id (BackendId, BackendModelId, OperationId).
    static func newId() -> String {
        UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
    }

    /// A new request id in the service's upper-case UUID form.
    static func newRequestId() -> String { UUID().uuidString }
}
