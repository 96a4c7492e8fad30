// ===----------------------------------------------------------------------===
// The loop behind the async `CloudAPIClient.call`: one CallLoop on a thread of its own, for
// callers that do not drive a loop themselves (Swift apps, the emulator's tests).
// ===----------------------------------------------------------------------===

import Foundation

/// A process-wide `CallLoop` on a dedicated thread, started on first use and never stopped. Work
/// reaches it with `post`; connections are kept alive across every client that uses it.
///
/// `@unchecked Sendable`: `loop` is confined to `thread`; other threads reach it only through
/// `CallLoop.post`, which is thread-safe (a locked inbox and curl_multi_wakeup).
final class BackgroundLoop: @unchecked Sendable {
    static let shared = BackgroundLoop()

    private let loop: CallLoop
    private let thread: Thread

    private init() {
        // Nothing polls an interrupt here: posted work wakes the loop, so it may sleep long.
        let loop = CallLoop(maxWait: 5)
        self.loop = loop
        // Handed to the thread that will own it; this thread never touches it again but to post.
        nonisolated(unsafe) let owned = loop
        thread = Thread { owned.run(until: { false }, interrupt: {}) }
        thread.name = "moongate.call-loop"
        thread.start()
    }

    /// Runs `work` on the loop's thread, with the loop.
    func post(_ work: @escaping @Sendable (CallLoop) -> Void) {
        loop.post(work)
    }
}
