// SignalTrap: SIGINT/SIGTERM ask the running script to stop at its next instruction; a second
// signal ends the process at once (for a script blocked outside Lua, e.g. reading stdin).
import Dispatch
import Foundation
import LuaKit

/// Turns SIGINT and SIGTERM into stop requests for one Lua state while it runs.
final class SignalTrap {
    private var sources: [DispatchSourceSignal] = []

    convenience init(stopping lua: LuaState) {
        let stop = lua.stopSwitch
        self.init { stop.requestStop(signal: $0) }
    }

    /// `stop` hears of the first SIGINT or SIGTERM (`moongate test` stops every file's state).
    init(stop: @escaping @Sendable (Int32) -> Void) {
        for signo in [SIGINT, SIGTERM] {
            signal(signo, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signo, queue: .global())
            var seen = false
            source.setEventHandler {
                if seen { _exit(128 + signo) }
                seen = true
                stop(signo)
            }
            source.resume()
            sources.append(source)
        }
    }

    func cancel() {
        for s in sources { s.cancel() }
        sources.removeAll()
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }
}
