// SignalTrap: SIGINT/SIGTERM ask the running script to stop at its next instruction; a second
// signal ends the process at once (for a script blocked outside Lua, e.g. reading stdin).
import Dispatch
import Foundation
import LuaKit

/// Turns SIGINT and SIGTERM into stop requests for one Lua state while it runs.
final class SignalTrap {
    private var sources: [DispatchSourceSignal] = []

    init(stopping lua: LuaState) {
        let stop = lua.stopSwitch
        for signo in [SIGINT, SIGTERM] {
            signal(signo, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signo, queue: .global())
            var seen = false
            source.setEventHandler {
                if seen { _exit(128 + signo) }
                seen = true
                stop.requestStop(signal: signo)
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
