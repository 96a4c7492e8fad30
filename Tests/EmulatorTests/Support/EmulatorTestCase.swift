// One emulator per test, started in setUp and stopped in tearDown: the base of the tests that talk
// to a fresh emulator over real HTTP.

import Emulator
import XCTest

class EmulatorTestCase: XCTestCase {
    var emulator: EmulatorHarness!

    /// The emulator's configuration; the sample seed unless a test class says otherwise.
    func configure(_ configuration: inout EmulatorConfiguration) {
        configuration.seed = TestSeed.sample
    }

    override func setUp() async throws {
        emulator = try await EmulatorHarness.start { self.configure(&$0) }
    }

    override func tearDown() async throws {
        await emulator.stop()
    }
}
