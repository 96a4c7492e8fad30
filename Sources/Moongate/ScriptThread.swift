// ScriptThread: where a script runs — a thread of its own, never a Swift-concurrency pool thread.
import Foundation

/// Runs a script's whole life on a dedicated thread and awaits it without holding a pool thread.
///
/// A script blocks its thread while it waits for calls, and the in-process emulator (Hummingbird, GRDB)
/// needs the concurrency pool meanwhile: on a one-CPU host the pool may have a single thread, so the
/// script must never sit on it.
///
/// ```swift
/// let status = await ScriptThread.run { ScriptRunner.runReportingErrors(options) }
/// ```
public enum ScriptThread {
    /// The thread's name (as `/proc/PID/task/*/comm` shows it; Linux keeps 15 bytes).
    public static let name = "moongate-script"
    /// Deep Lua recursion goes through the C trampoline and Swift frames: more than the 512 KiB default.
    static let stackSize = 64 << 20

    public static func run<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            let thread = Thread {
                nameThisThread()
                continuation.resume(returning: body())
            }
            thread.stackSize = stackSize
            thread.start()
        }
    }

    /// Names the calling thread for ps/top/proc: Foundation's Thread.name stays inside Foundation on
    /// Linux, and glibc's pthread_setname_np is not visible to Swift; /proc/thread-self/comm is the same call.
    private static func nameThisThread() {
        let fd = open("/proc/thread-self/comm", O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = name.withCString { write(fd, $0, strlen($0)) }
        close(fd)
    }
}
