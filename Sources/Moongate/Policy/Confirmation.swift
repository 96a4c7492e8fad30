// Confirmation: asking the person at the terminal before something destructive.
import Foundation

/// A yes/no question on the controlling terminal (`/dev/tty`), so it works even when stdout is piped.
/// Without a terminal (cron, CI) there is nobody to ask: callers refuse unless `--yes` was given.
///
/// ```swift
/// if Confirmation.ask("delete backend orders?") == .yes { … }
/// ```
public enum Confirmation: Equatable {
    case yes, no, noTerminal

    /// True when stdin is a terminal: someone can answer.
    public static var isInteractive: Bool { isatty(STDIN_FILENO) == 1 }

    public static func ask(_ question: String) -> Confirmation {
        guard isInteractive, let tty = fopen("/dev/tty", "r+") else { return .noTerminal }
        defer { fclose(tty) }
        fputs("\(question) [y/N] ", tty)
        fflush(tty)
        var buffer = [CChar](repeating: 0, count: 256)
        guard fgets(&buffer, Int32(buffer.count), tty) != nil else { return .no }
        let answer = String(cString: buffer).trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        return answer == "y" || answer == "yes" ? .yes : .no
    }
}
