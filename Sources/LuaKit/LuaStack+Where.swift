// LuaStack+Where: which script line is calling, and whether the run must stop, for Swift code
// that Lua called.
import CLua

extension LuaStack {
    /// `chunk:line` of the innermost Lua function on the call stack that is not Moongate's own stdlib
    /// (chunks named `=[stdlib] …`), so an error raised inside a library call names the script's line.
    ///
    /// ```swift
    /// stack.push(function: { s in throw LuaRaise.message("\(s.userLocation() ?? "?"): bad call") })
    /// ```
    public func userLocation() -> String? {
        guard mg_push_user_where(L, 1) != 0 else { return nil }
        defer { mg_pop(L, 1) }
        return bytes(at: -1).map { String(decoding: $0, as: UTF8.self) }
    }
}

extension LuaStack {
    /// Why the run must stop now, if it must: the deadline passed (recorded as a timeout, as the count
    /// hook would) or a stop was requested. Hosts waiting outside Lua on I/O poll this. When a stop is
    /// due, this thread's hook is armed for the very next instruction, so a `pcall` that catches the
    /// error the host raises cannot keep the script running.
    public func checkStop() -> LuaError.Kind? {
        let state = self.state
        if state.stopReason == nil, state.deadlinePassed { mg_host_request_stop(state.host, Int32(MG_STOP_TIMEOUT), 0) }
        guard let reason = state.stopReason else { return nil }
        mg_install_hook(L, 1)
        return reason
    }
}
