// BlockingAwait: run async work from the script thread, which is never a Swift concurrency thread
// (the command line runs scripts on ScriptThread).
import Foundation
import Synchronization

/// Waits on the calling (script) thread for `work` to finish on the concurrency pool.
/// Only for the script thread: Lua is single-threaded and blocking it is how a call waits.
func blockingAwait<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) throws -> T {
    let done = DispatchSemaphore(value: 0)
    let result = Mutex<Result<T, any Error>?>(nil)
    Task {
        let outcome: Result<T, any Error>
        do { outcome = .success(try await work()) } catch { outcome = .failure(error) }
        result.withLock { $0 = outcome }
        done.signal()
    }
    done.wait()
    return try result.withLock { $0! }.get()
}

func blockingAwait(_ work: @escaping @Sendable () async -> Void) {
    let done = DispatchSemaphore(value: 0)
    Task {
        await work()
        done.signal()
    }
    done.wait()
}
