// ===----------------------------------------------------------------------===
// Requests in flight and the peak seen, so tests can prove that a client really overlaps calls.
// ===----------------------------------------------------------------------===

import Foundation

final class ConcurrencyGauge: @unchecked Sendable {
    private let lock = NSLock()
    private var current = 0
    private var peakValue = 0
    private var totalValue = 0

    func enter() {
        lock.lock()
        current += 1
        totalValue += 1
        peakValue = max(peakValue, current)
        lock.unlock()
    }

    func leave() {
        lock.lock()
        current -= 1
        lock.unlock()
    }

    var inFlight: Int { lock.lock(); defer { lock.unlock() }; return current }
    var peak: Int { lock.lock(); defer { lock.unlock() }; return peakValue }
    var total: Int { lock.lock(); defer { lock.unlock() }; return totalValue }

    func resetPeak() {
        lock.lock()
        peakValue = current
        lock.unlock()
    }
}
