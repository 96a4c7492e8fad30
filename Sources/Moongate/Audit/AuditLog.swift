import CloudAPI
import Foundation
import Synchronization

/// Appends one JSON line per call outcome to `--audit FILE` (or `MOONGATE_AUDIT`).
///
/// Each line is written with a single `write(2)` on a file opened with O_APPEND, so a line is complete
/// on disk before the next call starts and nothing is left in a buffer when SIGTERM ends the run.
/// Parameters pass through `SecretFields.redacting` first; responses are never logged.
/// A record that cannot be encoded or written is never dropped quietly: `record` says so, and
/// `failure`/`lostRecords` keep it for the end of the run (ApiSession refuses writes from then on).
///
/// ```swift
/// let audit = try AuditLog(path: "/var/log/moongate/audit.jsonl")
/// if let problem = audit.record(["operation": "CreateBackend", "http_status": 200]) { print(problem) }
/// ```
public final class AuditLog: Sendable {
    public let path: String
    private let descriptor: Int32
    /// Held for each write too, so records from several threads never interleave.
    private let losses = Mutex(Losses())

    private struct Losses {
        var failure: String?
        var count = 0
    }

    /// The first record's failure (`audit log PATH: …`), nil while every record was written.
    public var failure: String? { losses.withLock { $0.failure } }
    /// How many records were not written.
    public var lostRecords: Int { losses.withLock { $0.count } }

    /// Secret values to mask in every line (with the field-name rule, which needs no list).
    private let mask: SecretMask?

    public init(path: String, mask: SecretMask? = nil) throws {
        self.path = path
        self.mask = mask
        descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw AuditLogError(path: path, reason: String(cString: strerror(errno)))
        }
    }

    deinit { close(descriptor) }

    /// Writes one record (redacted, keys sorted) as a JSON line; the time is added when absent.
    /// Returns nil when written, else why not (`audit log PATH: record of Op not written (reason)`).
    @discardableResult
    public func record(_ fields: [String: Value]) -> String? {
        var fields = fields
        if fields["time"] == nil { fields["time"] = .string(Self.timestamp()) }
        if let parameters = fields["parameters"] { fields["parameters"] = SecretFields.redacting(parameters) }
        let line: String
        do {
            let json = try Value.object(fields).jsonString()
            line = (mask?.scrub(json) ?? json) + "\n"
        } catch {
            return failed(fields, because: "\(error)")
        }
        let descriptor = self.descriptor
        let reason: String? = losses.withLock { _ in line.utf8CString.withUnsafeBufferPointer { buffer in
            var offset = 0
            let count = buffer.count - 1  // without the trailing NUL
            while offset < count {
                let written = write(descriptor, buffer.baseAddress! + offset, count - offset)
                if written < 0 && errno == EINTR { continue }
                if written <= 0 { return written == 0 ? "nothing written" : String(cString: strerror(errno)) }
                offset += written
            }
            return nil
        } }
        return reason.map { failed(fields, because: $0) }
    }

    private func failed(_ fields: [String: Value], because reason: String) -> String {
        let operation = fields["operation"]?.stringValue ?? "a call"
        let message = "audit log \(path): record of \(operation) not written (\(reason))"
        losses.withLock {
            $0.count += 1
            if $0.failure == nil { $0.failure = message }
        }
        return message
    }

    static func timestamp(_ date: Date = Date()) -> String {
        date.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted))
    }
}

public struct AuditLogError: Error, CustomStringConvertible {
    public let path: String
    public let reason: String
    public var description: String { "audit log \(path): cannot open (\(reason))" }
}
