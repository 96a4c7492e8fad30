// Terminal: is a human there? TTY checks and yes/no questions on the controlling terminal.
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The controlling terminal, for questions only a human may answer.
///
/// ```swift
/// if Terminal.isInteractive, Terminal.confirm("Delete backend b-1?") { ... }
/// ```
public enum Terminal {
    /// True when file descriptor `fd` (0, 1, 2) is a terminal.
    public static func isTTY(_ fd: Int32) -> Bool { isatty(fd) == 1 }

    /// True when a human can answer: stdin is a terminal and /dev/tty opens. Cron jobs, pipes and
    /// test processes (stdin from /dev/null) are not interactive.
    public static var isInteractive: Bool {
        guard isTTY(STDIN_FILENO) else { return false }
        let fd = open("/dev/tty", O_RDWR | O_CLOEXEC)
        guard fd >= 0 else { return false }
        close(fd)
        return true
    }

    /// Asks `question` on /dev/tty and reads one line: true only for "y" or "yes" (any case).
    /// False without a terminal, on end of input, or on anything else: the safe answer is no.
    public static func confirm(_ question: String) -> Bool {
        guard isTTY(STDIN_FILENO) else { return false }
        let fd = open("/dev/tty", O_RDWR | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        let prompt = Array((question + " [y/N] ").utf8)
        _ = prompt.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        var line: [UInt8] = []
        var byte: UInt8 = 0
        while read(fd, &byte, 1) == 1, byte != UInt8(ascii: "\n") { line.append(byte) }
        let answer = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespaces).lowercased()
        return answer == "y" || answer == "yes"
    }
}
