// RunLock: `--lock FILE`, an flock held for a whole run so cron never overlaps two runs of a job.
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An exclusive, non-blocking flock on a file, released when the run ends or the process dies.
///
/// The kernel drops an flock with the last descriptor of the process holding it, so a lock left
/// by a killed run (kill -9, OOM) never blocks the next one; the file itself stays (deleting a
/// lock file while another process waits on it would let two runs in). The holder's pid is
/// written into the file only to make the "held" message useful.
///
/// ```swift
/// switch RunLock.acquire("/run/lock/cleanup.lock") {
/// case .acquired(let lock): defer { lock.release() }; ...
/// case .held(let message), .failed(let message): print(message)   // exit 75 / 64
/// }
/// ```
public final class RunLock {
    public enum Outcome {
        case acquired(RunLock)
        /// Another process holds it.
        case held(String)
        /// The file cannot be opened or locked (bad path, permissions).
        case failed(String)
    }

    public let path: String
    private var fd: Int32

    private init(path: String, fd: Int32) {
        self.path = path
        self.fd = fd
    }

    deinit { release() }

    /// Tries once, never waits: a second overlapping run should give up at once.
    public static func acquire(_ path: String) -> Outcome {
        // Never through a symlink (a planted link must not make us create or lock another file), never
        // truncated (O_TRUNC would wipe a file the link or a mistake points at), 0600.
        let fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            return .failed("moongate: --lock \(path): cannot open the lock file (\(String(cString: strerror(errno))))")
        }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let reason = errno
            let holder = readHolder(fd)
            close(fd)
            if reason == EWOULDBLOCK {
                let who = holder.map { " (pid \($0))" } ?? ""
                return .held("moongate: --lock \(path): another run holds the lock\(who); exiting without running (exit 75)")
            }
            return .failed("moongate: --lock \(path): cannot lock (\(String(cString: strerror(reason))))")
        }
        // The holder's pid in a fixed-width field (padded, so no truncation is needed to overwrite a longer one).
        let pid = Array(("\(getpid())".padding(toLength: 19, withPad: " ", startingAt: 0) + "\n").utf8)
        _ = pid.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
        return .acquired(RunLock(path: path, fd: fd))
    }

    /// Releases the lock (idempotent). The file is left in place on purpose.
    public func release() {
        guard fd >= 0 else { return }
        flock(fd, LOCK_UN)
        close(fd)
        fd = -1
    }

    private static func readHolder(_ fd: Int32) -> String? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        guard n > 0 else { return nil }
        let text = String(decoding: buffer[0..<n], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty || !text.allSatisfy(\.isNumber) ? nil : text
    }
}
