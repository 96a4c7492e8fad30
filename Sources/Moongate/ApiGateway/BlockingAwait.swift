// BlockingAwait: run async work from the script thread, which is never a Swift concurrency thread
// (the command line runs scripts on ScriptThread).
import Foundation

/// Waits on the calling (script) thread for `work` to finish on the concurrency pool.
/// Only for the script thread: Lua is single-threaded and blocking it is how a call waits.
func blockingAwait<T>(_ work: @escaping @Sendable () async throws -> T) throws -> T {
    let done = DispatchSemaphore(value: 0)
    nonisolated(unsafe) var result: Result<T, Error>!
    Task {
        do { result = .success(try await work()) } catch { result = .failure(error) }
        done.signal()
    }
    done.wait()
    return try result.get()
}

func blockingAwait(_ work: @escaping @Sendable () async -> Void) {
    let done = DispatchSemaphore(value: 0)
    Task {
        await work()
        done.signal()
    }
    done.wait()
}
