import CloudAPI
import Foundation

/// Appends one JSON line per call outcome to `--audit FILE` (or `MOONGATE_AUDIT`).
///
/// Each line is written with a single `write(2)` on a file opened with O_APPEND, so a line is complete
/// on disk before the next call starts and nothing is left in a buffer when SIGTERM ends the run.
/// Parameters pass through `SecretFields.redacting` first; responses are never logged.
///
/// ```swift
/// let audit = try AuditLog(path: "/var/log/moongate/audit.jsonl")
/// audit.record(["operation": "CreateBackend", "http_status": 200])
/// ```
public final class AuditLog: @unchecked Sendable {
    public let path: String
    private let descriptor: Int32
    private let lock = NSLock()

    public init(path: String) throws {
        self.path = path
        descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw AuditLogError(path: path, reason: String(cString: strerror(errno)))
        }
    }

    deinit { close(descriptor) }

    /// Writes one record (redacted, keys sorted) as a JSON line; the time is added when absent.
    public func record(_ fields: [String: Value]) {
        var fields = fields
        if fields["time"] == nil { fields["time"] = .string(Self.timestamp()) }
        if let parameters = fields["parameters"] { fields["parameters"] = SecretFields.redacting(parameters) }
        guard var line = try? Value.object(fields).jsonString() else { return }
        line += "\n"
        lock.lock()
        defer { lock.unlock() }
        line.utf8CString.withUnsafeBufferPointer { buffer in
            var offset = 0
            let count = buffer.count - 1  // without the trailing NUL
            while offset < count {
                let written = write(descriptor, buffer.baseAddress! + offset, count - offset)
                if written <= 0 { if errno == EINTR { continue } else { return } }
                offset += written
            }
        }
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
