// MaskedOutput: the process's stdout and stderr pass through SecretMask. Each descriptor is
// replaced by a pipe that a thread drains into the original, so nothing a script, Lua, Swift or C
// writes there (print, io.write, error messages, tracebacks) can carry a known secret out.
@preconcurrency import Glibc
import CloudAPI
import Foundation
import Synchronization

/// Redirects descriptors 1 and 2 through `StreamMasker`s until `finish()`.
///
/// ```swift
/// let output = MaskedOutput.install(mask)
/// defer { output.finish() }
/// print(secret)   // prints ***
/// ```
public final class MaskedOutput: Sendable {
    /// One pipe and its drain: for stdout, for stderr, or for both when they were the same file
    /// (`2>&1`, a terminal), so their lines keep the order they were written in.
    private struct Route: Sendable {
        let descriptors: [Int32]
        /// The originals, saved by `dup`, one per descriptor; the drain writes into the first.
        let originals: [Int32]
        let drained: DispatchSemaphore
    }
    private let routes: [Route]

    /// Whether each descriptor was a terminal before it became a pipe (for `isatty` and log formats).
    private static let terminals = Mutex<[Int32: Bool]>([:])

    /// `isatty(descriptor)` as it was before any redirection.
    public static func isTerminal(_ descriptor: Int32) -> Bool {
        terminals.withLock { $0[descriptor] } ?? (isatty(descriptor) == 1)
    }

    private init(routes: [Route]) { self.routes = routes }

    /// Starts masking stdout and stderr; a descriptor that cannot be redirected is left as is.
    public static func install(_ mask: SecretMask) -> MaskedOutput {
        fflush(nil)
        let groups = sameFile(STDOUT_FILENO, STDERR_FILENO) ? [[STDOUT_FILENO, STDERR_FILENO]] : [[STDOUT_FILENO], [STDERR_FILENO]]
        var routes: [Route] = []
        for descriptors in groups {
            var ends: [Int32] = [0, 0]
            let originals = descriptors.map { dup($0) }
            guard !originals.contains(where: { $0 < 0 }), pipe(&ends) == 0 else {
                originals.filter { $0 >= 0 }.forEach { close($0) }
                continue
            }
            for (descriptor, original) in zip(descriptors, originals) {
                let wasTerminal = isatty(descriptor) == 1
                terminals.withLock { $0[descriptor] = wasTerminal }
                _ = fcntl(original, F_SETFD, FD_CLOEXEC)
                dup2(ends[1], descriptor)
            }
            _ = fcntl(ends[0], F_SETFD, FD_CLOEXEC)
            close(ends[1])
            let route = Route(descriptors: descriptors, originals: originals, drained: DispatchSemaphore(value: 0))
            let reader = ends[0], target = originals[0]
            let thread = Thread { drain(reader, into: target, mask: mask, done: route.drained) }
            thread.name = "moongate-output"
            thread.start()
            routes.append(route)
        }
        // A pipe makes C stdio buffer fully; keep a terminal's line buffering so progress shows.
        if terminals.withLock({ $0[STDOUT_FILENO] }) == true { setvbuf(stdout, nil, _IOLBF, 0) }
        return MaskedOutput(routes: routes)
    }

    /// Flushes, puts the original descriptors back and waits until every byte was written.
    public func finish() {
        fflush(nil)
        for route in routes {
            // Closes the pipe's write ends: once the last is gone the drain reads its end of file.
            for (descriptor, original) in zip(route.descriptors, route.originals) { dup2(original, descriptor) }
            route.drained.wait()
            route.originals.forEach { close($0) }
        }
        MaskedOutput.terminals.withLock { $0.removeAll() }
    }

    private static func sameFile(_ a: Int32, _ b: Int32) -> Bool {
        var first = stat(), second = stat()
        guard fstat(a, &first) == 0, fstat(b, &second) == 0 else { return false }
        return first.st_dev == second.st_dev && first.st_ino == second.st_ino
    }

    private static func drain(_ reader: Int32, into original: Int32, mask: SecretMask, done: DispatchSemaphore) {
        var masker = StreamMasker(mask: mask)
        var buffer = [UInt8](repeating: 0, count: 16 << 10)
        while true {
            let count = read(reader, &buffer, buffer.count)
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            writeAll(masker.feed(Array(buffer[..<count])), to: original)
        }
        writeAll(masker.finish(), to: original)
        close(reader)
        done.signal()
    }

    private static func writeAll(_ bytes: [UInt8], to descriptor: Int32) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            if written <= 0 { return }  // the reader went away (a closed pipe): nothing more to do
            offset += written
        }
    }
}
