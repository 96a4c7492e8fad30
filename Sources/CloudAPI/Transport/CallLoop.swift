// ===----------------------------------------------------------------------===
// CallLoop: one libcurl multi handle driven by the thread that owns it. Transfers, timers (retry
// backoff, rate-limit slots, script sleeps) and work posted from other threads all run here, so a
// sequential call waits in curl_multi_poll on its own thread: no hop, no completion queue.
// ===----------------------------------------------------------------------===

import CCurl
import Foundation
import Synchronization

/// A single-threaded event loop over libcurl's multi interface. Everything but `post` must be
/// called on the owning thread; callbacks (transfer completions, timers, posted work) run on it,
/// from inside `run`.
///
/// ```swift
/// let loop = CallLoop()
/// let task = client.start(op, wire: wire, on: loop) { result = $0 }
/// try loop.run(until: { result != nil }, interrupt: { try checkDeadline() })
/// ```
public final class CallLoop {
    public typealias TimerID = Int

    private let multi: UnsafeMutableRawPointer
    /// Active transfers by easy handle: what keeps a `Transfer` alive while libcurl points at it.
    private var active: [UnsafeMutableRawPointer: Transfer] = [:]
    /// Easy handles kept for reuse (they keep their DNS and TLS session caches warm).
    private var idle: [UnsafeMutableRawPointer] = []
    private var timers: [(id: TimerID, deadline: UInt64, action: () -> Void)] = []
    private var nextTimerID: TimerID = 1
    private let inbox = Inbox()
    /// The longest single wait: how often `interrupt` is polled while nothing happens.
    private let maxWait: Double

    /// - Parameters:
    ///   - maxConnectionsPerHost: connections libcurl opens to one host; more transfers queue.
    ///   - maxWait: seconds between `interrupt` checks while waiting.
    public init(maxConnectionsPerHost: Int = 64, maxWait: Double = 0.02) {
        precondition(Curl.initialised, "curl_global_init failed")
        guard let multi = curl_multi_init() else { fatalError("curl_multi_init: out of memory") }
        self.multi = multi
        self.maxWait = maxWait
        _ = mg_curl_multi_setopt_long(multi, CURLMOPT_MAX_HOST_CONNECTIONS, maxConnectionsPerHost)
        _ = mg_curl_multi_setopt_long(multi, CURLMOPT_MAXCONNECTS, maxConnectionsPerHost)
    }

    deinit {
        for easy in active.keys {
            curl_multi_remove_handle(multi, easy)
            curl_easy_cleanup(easy)
        }
        idle.forEach { curl_easy_cleanup($0) }
        curl_multi_cleanup(multi)
    }

    /// Whether nothing is in flight or scheduled.
    public var isIdle: Bool { active.isEmpty && timers.isEmpty }

    // MARK: - Transfers

    /// Starts an HTTP exchange; `completion` runs on this loop once it ends (or is cancelled).
    func start(_ request: PreparedRequest, settings: TransferSettings, freshConnection: Bool = false,
               completion: @escaping (TransferResult) -> Void) -> Transfer {
        let raw: UnsafeMutableRawPointer
        if let reused = idle.popLast() {
            curl_easy_reset(reused)
            raw = reused
        } else {
            guard let fresh = curl_easy_init() else { fatalError("curl_easy_init: out of memory") }
            raw = fresh
        }
        let transfer = Transfer(easy: EasyHandle(raw: raw), request: request, settings: settings,
                                freshConnection: freshConnection, completion: completion)
        active[raw] = transfer
        curl_multi_add_handle(multi, raw)
        return transfer
    }

    /// Ends a transfer at once (the connection is closed if mid-exchange); its completion gets `.cancelled`.
    func cancel(_ transfer: Transfer) {
        guard release(transfer.easy.raw) != nil else { return }
        transfer.completion(.cancelled)
    }

    @discardableResult
    private func release(_ raw: UnsafeMutableRawPointer) -> Transfer? {
        guard let transfer = active.removeValue(forKey: raw) else { return nil }
        curl_multi_remove_handle(multi, raw)
        idle.append(raw)
        return transfer
    }

    // MARK: - Timers and posted work

    /// Runs `action` on this loop after `seconds` (at the next turn when 0).
    @discardableResult
    public func schedule(after seconds: Double, _ action: @escaping () -> Void) -> TimerID {
        let id = nextTimerID
        nextTimerID += 1
        timers.append((id, Self.now() + UInt64(max(0, seconds) * 1e9), action))
        return id
    }

    public func cancelTimer(_ id: TimerID) {
        timers.removeAll { $0.id == id }
    }

    /// From any thread: runs `work` on this loop's thread at its next turn, waking it if it waits.
    public func post(_ work: @escaping @Sendable (CallLoop) -> Void) {
        inbox.add(work)
        curl_multi_wakeup(multi)
    }

    /// From any thread: ends the current wait early (say, a signal arrived).
    public func wakeUp() {
        curl_multi_wakeup(multi)
    }

    // MARK: - Running

    /// Turns the loop until `done()` holds. `interrupt` is called between waits (at least every
    /// `maxWait` seconds) and may throw to stop waiting; what is in flight stays in flight.
    public func run(until done: () -> Bool, interrupt: () throws -> Void) rethrows {
        while true {
            turn()
            if done() { return }
            try interrupt()
            wait()
        }
    }

    /// Turns the loop until `done()` holds, with nothing to interrupt it.
    public func run(until done: () -> Bool) {
        run(until: done, interrupt: {})
    }

    /// One pass: posted work, due timers, socket progress, finished transfers.
    private func turn() {
        for work in inbox.takeAll() { work(self) }
        fireDueTimers()
        var running: Int32 = 0
        curl_multi_perform(multi, &running)
        var queued: Int32 = 0
        while let message = curl_multi_info_read(multi, &queued) {
            guard message.pointee.msg == CURLMSG_DONE, let raw = message.pointee.easy_handle else { continue }
            let code = mg_curl_msg_result(message)
            guard let transfer = release(raw) else { continue }
            transfer.completion(transfer.result(code))
        }
    }

    private func fireDueTimers() {
        guard !timers.isEmpty else { return }
        let now = Self.now()
        let due = timers.filter { $0.deadline <= now }
        guard !due.isEmpty else { return }
        timers.removeAll { $0.deadline <= now }
        for timer in due.sorted(by: { $0.deadline < $1.deadline }) { timer.action() }
    }

    /// Waits for socket activity, the next timer, libcurl's own timeout, a wake-up, or `maxWait`.
    private func wait() {
        var milliseconds = Int(maxWait * 1000)
        if let next = timers.map(\.deadline).min() {
            let now = Self.now()
            milliseconds = min(milliseconds, next > now ? Int((next - now + 999_999) / 1_000_000) : 0)
        }
        var curlTimeout = -1
        curl_multi_timeout(multi, &curlTimeout)
        if curlTimeout >= 0 { milliseconds = min(milliseconds, curlTimeout) }
        guard milliseconds > 0 else { return }
        curl_multi_poll(multi, nil, 0, Int32(milliseconds), nil)
    }

    static func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }
}

/// Work posted from other threads, taken by the loop's thread.
private final class Inbox: Sendable {
    private let work = Mutex<[@Sendable (CallLoop) -> Void]>([])

    func add(_ item: @escaping @Sendable (CallLoop) -> Void) {
        work.withLock { $0.append(item) }
    }

    func takeAll() -> [@Sendable (CallLoop) -> Void] {
        work.withLock { work in
            defer { work.removeAll() }
            return work
        }
    }
}
