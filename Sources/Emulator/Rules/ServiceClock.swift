// ===----------------------------------------------------------------------===
// Times and identifiers in the formats of the service's documented examples, and the emulator's
// own clock (which a test may move forward).
// ===----------------------------------------------------------------------===

import CloudAPI
import Foundation
import Synchronization

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

/// The time the emulator's resources are stamped with (CreatedTime, ModifiedTime, task times): the
/// wall clock plus an offset that `advance(by:)` grows, so age rules can be tested without waiting.
/// Signatures are still checked against the wall clock, which is what clients sign with.
///
/// ```swift
/// server.clock.advance(by: 8 * 86_400)   // backends created now look 8 days old "later"
/// ```
public final class EmulatorClock: Sendable {
    private let offset = Mutex<TimeInterval>(0)

    public init() {}

    /// Seconds the clock is ahead of the wall clock.
    public var secondsAhead: TimeInterval { offset.withLock { $0 } }

    public func advance(by seconds: TimeInterval) { offset.withLock { $0 += seconds } }

    /// Back to the wall clock.
    public func reset() { offset.withLock { $0 = 0 } }

    public func now() -> Date { Date().addingTimeInterval(secondsAhead) }

    /// `now()` as the service writes it.
    func timestamp() -> String { ServiceClock.timestamp(now()) }
}
