// Watchdog: the last line of --timeout, for a script blocked where the count hook cannot run.
import Dispatch
import Foundation

/// Ends the process with exit 124 when a script is stuck outside Lua (where the count hook cannot
/// run) well past its --timeout.
final class Watchdog {
    private var timer: DispatchSourceTimer?
    static let grace = 2.0

    init(timeout: Double?) {
        guard let timeout else { return }
        let t = DispatchSource.makeTimerSource(queue: .global())
        t.schedule(deadline: .now() + timeout + Self.grace)
        t.setEventHandler {
            FileHandle.standardError.write(Data("moongate: timeout: run stopped after --timeout \(timeout)s (blocked outside Lua)\n".utf8))
            _exit(ExitStatus.timeout.rawValue)
        }
        t.resume()
        timer = t
    }

    func cancel() { timer?.cancel() }
}
