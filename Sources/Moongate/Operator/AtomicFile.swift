// AtomicFile: replace a file's contents so a reader sees the old or the new text, never half of one.
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes whole files atomically: a temporary file beside the target, fsync, then rename.
/// A run killed mid-write (kill -9, power loss after fsync) leaves the previous version intact,
/// which is what a runbook journal needs to be trusted by `--resume`.
///
/// ```swift
/// try AtomicFile.write(Array("{}".utf8), to: "rotate.journal.json")
/// ```
public enum AtomicFile {
    public static func write(_ bytes: [UInt8], to path: String) throws {
        // A fresh name, created exclusively and never through a symlink: a file planted at the
        // temporary name cannot redirect the write. 0600: journals and plans hold operational data.
        let temporary = "\(path).tmp.\(getpid()).\(UInt32.random(in: .min ... .max))"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw failure("cannot create \(temporary)") }
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { systemWrite(fd, $0.baseAddress! + written, $0.count - written) }
            if n < 0 {
                if errno == EINTR { continue }
                let error = failure("cannot write \(temporary)")
                close(fd); unlink(temporary)
                throw error
            }
            written += n
        }
        if fsync(fd) != 0 {
            let error = failure("cannot sync \(temporary)")
            close(fd); unlink(temporary)
            throw error
        }
        close(fd)
        guard rename(temporary, path) == 0 else {
            let error = failure("cannot rename \(temporary) to \(path)")
            unlink(temporary)
            throw error
        }
    }

    private static func failure(_ what: String) -> AtomicFileError {
        AtomicFileError(message: "\(what) (\(String(cString: strerror(errno))))")
    }
}

/// The C library's write(2) (inside `AtomicFile`, `write` names the static method).
private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, buffer, count)
}

/// Why an atomic write failed, with the system's reason.
public struct AtomicFileError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
