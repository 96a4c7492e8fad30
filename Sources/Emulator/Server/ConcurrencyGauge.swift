// ===----------------------------------------------------------------------===
// Requests in flight and the peak seen, so tests can prove that a client really overlaps calls.
// ===----------------------------------------------------------------------===

import Foundation
import Synchronization

final class ConcurrencyGauge: Sendable {
    private struct Counts {
        var current = 0
        var peak = 0
        var total = 0
    }
    private let counts = Mutex(Counts())

    func enter() {
        counts.withLock {
            $0.current += 1
            $0.total += 1
            $0.peak = max($0.peak, $0.current)
        }
    }

    func leave() { counts.withLock { $0.current -= 1 } }

    var inFlight: Int { counts.withLock { $0.current } }
    var peak: Int { counts.withLock { $0.peak } }
    var total: Int { counts.withLock { $0.total } }

    func resetPeak() { counts.withLock { $0.peak = $0.current } }
}
