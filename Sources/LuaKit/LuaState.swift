// LuaState: one Lua state, its host block (memory, deadline, stops) and its lifetime.
import CLua

/// One Lua state for one run, touched by one thread only (the script thread).
///
/// ```swift
/// let lua = try LuaState(sandbox: .standard)
/// lua.memoryLimit = 64 << 20
/// lua.setTimeout(seconds: 2)
/// let results = try lua.run(source: "return 1 + 1", chunkName: "=demo")   // [.int(2)]
/// ```
public final class LuaState {
    /// The main thread's raw state. Only LuaKit uses it.
    let L: OpaquePointer
    /// Owns the host block, so a stop switch that outlives the state still points at live memory.
    private let block = HostBlock()
    var host: UnsafeMutablePointer<mg_host> { block.host }
    private var closed = false

    /// Creates a state with the standard libraries opened under `sandbox`.
    public init(sandbox: LuaSandbox = .standard) throws {
        let host = block.host
        // Swift runs now: allocations are not limited until Lua code runs (see mg_alloc).
        host.pointee.swift_depth = 1
        guard let state = lua_newstate(mg_alloc, host) else {
            throw LuaError(kind: .memory, message: "lua: cannot create a Lua state (not enough memory)")
        }
        L = state
        host.pointee.owner = Unmanaged.passUnretained(self).toOpaque()
        lua_atpanic(L, luaKitPanic)
        mg_install_hook(L, 1000)
        try openLibraries(sandbox)
    }

    deinit { close() }

    /// Closes the state (runs pending `__gc` and `__close` handlers). Idempotent.
    public func close() {
        guard !closed else { return }
        closed = true
        lua_close(L)
    }

    /// The stack of the main thread, for pushing and reading values outside Swift functions.
    public var stack: LuaStack { LuaStack(L) }

    /// The LuaState owning a raw state (any of its threads).
    static func owner(of L: OpaquePointer) -> LuaState {
        Unmanaged<LuaState>.fromOpaque(mg_host_of(L).pointee.owner).takeUnretainedValue()
    }
}

// MARK: - Limits and stops

extension LuaState {
    /// Bytes Lua may hold; `nil` is unlimited. Going over is a Lua "not enough memory" error.
    public var memoryLimit: Int? {
        get { host.pointee.limit == 0 ? nil : Int(host.pointee.limit) }
        set { host.pointee.limit = newValue.map { size_t(max(1, $0)) } ?? 0 }
    }

    /// Bytes Lua may still allocate under `memoryLimit`; nil when unlimited. Swift work done for a
    /// script (a JSON text, say) is bounded by it, since the limit cannot stop Swift's own allocations.
    public var memoryAvailable: Int? {
        memoryLimit.map { max(0, $0 - memoryUsed) }
    }

    /// Bytes Lua holds now.
    public var memoryUsed: Int { Int(host.pointee.used) }

    /// The most bytes Lua held at once.
    public var memoryPeak: Int { Int(host.pointee.peak) }

    /// Stops the run (a timeout error) once `seconds` of wall time have passed from now.
    public func setTimeout(seconds: Double) {
        // Saturates: a deadline centuries away is "never", not an Int64 trap.
        let nanoseconds = seconds.isNaN ? 0 : min(max(seconds, 0) * 1e9, 1e18)
        host.pointee.deadline_ns = mg_now_ns() + Int64(nanoseconds)
    }

    /// No deadline any more, and a timeout already under way is withdrawn (a signal's stop stays):
    /// the host may run more code in this state, e.g. the next test after one timed out.
    public func clearTimeout() {
        mg_host_clear_timeout(L)
    }

    /// True once the deadline set by `setTimeout` has passed (for hosts waiting outside Lua).
    public var deadlinePassed: Bool {
        host.pointee.deadline_ns != 0 && mg_now_ns() >= host.pointee.deadline_ns
    }

    /// Asks the script to stop at its next instruction as if interrupted by `signal`.
    public func requestStop(signal: Int32) {
        stopSwitch.requestStop(signal: signal)
    }

    /// The one part of a state other threads may touch: a signal handler or a watchdog keeps it
    /// and asks for a stop from there.
    ///
    /// ```swift
    /// let stop = lua.stopSwitch
    /// DispatchQueue.global().async { stop.requestStop(signal: SIGINT) }
    /// ```
    public var stopSwitch: LuaStopSwitch { LuaStopSwitch(block: block) }

    /// Where the code was (`chunk:line`) when a timeout or a signal stopped it, if it was stopped in
    /// Lua code (not while waiting in the host).
    public var stopLocation: String? {
        let text = withUnsafeBytes(of: &host.pointee.stop_where) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        let trimmed = text.hasSuffix(": ") ? String(text.dropLast(2)) : text
        return trimmed.isEmpty || trimmed == "?" ? nil : trimmed
    }

    /// Why the run was stopped by the host, if it was.
    public var stopReason: LuaError.Kind? {
        switch Int(mg_host_stop(host)) {
        case Int(MG_STOP_TIMEOUT): return .timeout
        case Int(MG_STOP_SIGNAL): return .interrupted(mg_host_stop_signal(host))
        default: return nil
        }
    }
}

/// Asks a running `LuaState` to stop, from any thread.
public struct LuaStopSwitch: Sendable {
    fileprivate let block: HostBlock

    /// The script stops at its next instruction as if interrupted by `signal`.
    public func requestStop(signal: Int32) {
        mg_host_request_stop(block.host, Int32(MG_STOP_SIGNAL), signal)
    }
}

/// The C host block (allocator counters, deadline, stop flag), alive while its state or a stop
/// switch holds it.
///
/// `@unchecked Sendable`: only the stop fields are touched from other threads, and only through the
/// shim's atomic `mg_host_request_stop`/`mg_host_stop`; the rest belongs to the script thread.
private final class HostBlock: @unchecked Sendable {
    let host: UnsafeMutablePointer<mg_host>

    init() {
        host = UnsafeMutablePointer<mg_host>.allocate(capacity: 1)
        host.initialize(to: mg_host())
    }

    deinit { host.deallocate() }
}

/// Last resort for an error outside any protected call: a LuaKit bug, reported, never silent.
private let luaKitPanic: lua_CFunction = { L in
    let message = lua_tolstring(L, -1, nil).map { String(cString: $0) } ?? "unknown error"
    fatalError("LuaKit: unprotected Lua error: \(message)")
}

extension LuaState {
    /// The Lua release LuaKit is linked against, e.g. "Lua 5.4.6".
    public static var luaRelease: String { "Lua \(LUA_VERSION_MAJOR).\(LUA_VERSION_MINOR).\(LUA_VERSION_RELEASE)" }
}
