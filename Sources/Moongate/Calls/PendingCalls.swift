import CloudAPI
import Foundation

/// The completion queue between the script thread and the threads that do I/O.
///
/// A call starts on the script thread and gets a handle; its HTTP request (or timer) finishes on an
/// event-loop thread, which only stores the outcome here and signals. Lua is touched by the script
/// thread alone: it takes outcomes out with `wait` / `waitAny`, polling `interrupt` so that the run's
/// deadline and SIGINT/SIGTERM also end a wait for an in-flight call.
///
/// ```swift
/// let handle = pending.start()
/// Task { pending.complete(handle, .success(value)) }
/// let outcome = try pending.wait(for: handle) { try checkDeadline() }
/// ```
public final class PendingCalls: @unchecked Sendable {
    public typealias Handle = Int64

    public enum Outcome: Sendable {
        case success(Value)
        case failure(CallFailure)
    }

    private let condition = NSCondition()
    private var nextHandle: Handle = 1
    private var inFlight = Set<Handle>()
    private var finished: [Handle: Outcome] = [:]

    public init() {}

    public func start() -> Handle {
        condition.lock()
        defer { condition.unlock() }
        let handle = nextHandle
        nextHandle += 1
        inFlight.insert(handle)
        return handle
    }

    /// Called from any thread when the work behind `handle` is done.
    public func complete(_ handle: Handle, _ outcome: Outcome) {
        condition.lock()
        inFlight.remove(handle)
        finished[handle] = outcome
        condition.broadcast()
        condition.unlock()
    }

    /// Blocks until `handle` completes; `interrupt` is polled every few milliseconds and may throw.
    public func wait(for handle: Handle, interrupt: () throws -> Void) throws -> Outcome {
        try waitAny(of: [handle], interrupt: interrupt).1
    }

    /// Blocks until one of `handles` completes and returns it with its outcome.
    public func waitAny(of handles: [Handle], interrupt: () throws -> Void) throws -> (Handle, Outcome) {
        condition.lock()
        defer { condition.unlock() }
        while true {
            for handle in handles {
                if let outcome = finished.removeValue(forKey: handle) { return (handle, outcome) }
            }
            guard handles.contains(where: inFlight.contains) else {
                throw PendingCallsError.unknownHandle(handles)
            }
            condition.unlock()
            do { try interrupt() } catch { condition.lock(); throw error }
            condition.lock()
            _ = condition.wait(until: Date(timeIntervalSinceNow: 0.02))
        }
    }
}

public enum PendingCallsError: Error, CustomStringConvertible {
    case unknownHandle([PendingCalls.Handle])
    public var description: String {
        switch self { case .unknownHandle(let handles): "no call in flight for handle(s) \(handles)" }
    }
}
