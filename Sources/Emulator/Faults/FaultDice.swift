// ===----------------------------------------------------------------------===
// The random draws behind fault injection: a seeded SplitMix64 behind a lock, so `--fault-seed N`
// gives the same sequence of faults for the same sequence of requests.
// ===----------------------------------------------------------------------===

import Foundation
import Synchronization

/// What to do to one request.
enum Fault: Equatable {
    case none, throttle, error5xx, reset, resetAfter
}

final class FaultDice: Sendable {
    /// Replaced while running by `EmulatorServer.setFaults` (a test's scoped faults).
    private let current: Mutex<FaultPlan>
    private let state: Mutex<UInt64>

    init(plan: FaultPlan, seed: UInt64?) {
        self.current = Mutex(plan)
        self.state = Mutex(seed ?? UInt64.random(in: .min ... .max))
    }

    var plan: FaultPlan {
        get { current.withLock { $0 } }
        set { current.withLock { $0 = newValue } }
    }

    /// One draw per request decides its fault (with the plan it was drawn from); the bands are laid
    /// end to end on [0, 1).
    func roll() -> (Fault, FaultPlan) {
        let plan = self.plan
        return (roll(plan), plan)
    }

    private func roll(_ plan: FaultPlan) -> Fault {
        guard plan.throttle + plan.error5xx + plan.reset + plan.resetAfter > 0 else { return .none }
        let x = nextUnit()
        var edge = plan.throttle
        if x < edge { return .throttle }
        edge += plan.error5xx
        if x < edge { return .error5xx }
        edge += plan.reset
        if x < edge { return .reset }
        edge += plan.resetAfter
        if x < edge { return .resetAfter }
        return .none
    }

    private func nextUnit() -> Double {
        var z = state.withLock { state in
            state &+= 0x9E37_79B9_7F4A_7C15
            return state
        }
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Double(z >> 11) / Double(1 << 53)
    }
}
