// EmulatorGateway: the Emulator module as the runtime's LocalGateway — what `moongate run --emulator`
// and `moongate test` start in process. An app embedding Moongate adds this target to get the same.
import CloudAPI
import Emulator
import Foundation
import Moongate

/// ```swift
/// var options = RunOptions(scriptPath: "main.lua")
/// options.useEmulator = true
/// options.localGateway = EmulatorGateway.provider
/// ```
public final class EmulatorGateway: LocalGateway {
    public static let provider: LocalGatewayProvider = { try EmulatorGateway($0) }

    private let server: EmulatorServer
    /// The starting state `reset()` returns to.
    private let seed: EmulatorSeed?

    public init(_ settings: LocalGatewaySettings) throws {
        seed = try settings.seedPath.map(EmulatorSeed.init(contentsOf:)) ?? (settings.demoState ? .demo : nil)
        var configuration = EmulatorConfiguration()
        configuration.port = 0  // ephemeral, loopback only
        configuration.seed = seed
        server = EmulatorServer(configuration: configuration)
    }

    public func start() async throws { try await server.start() }
    public func stop() async { await server.stop() }

    public func clientConfiguration(region: String) -> ClientConfiguration? { server.clientConfiguration(region: region) }

    public func load(seedJSON: Data, source: String) throws {
        try server.load(EmulatorSeed(json: seedJSON, source: source, firstIndex: 1))
    }

    public func setFaults(_ spec: String) throws {
        server.setFaults(spec.isEmpty ? .none : try FaultPlan(parsing: spec))
    }

    public func reset() throws { try server.reset(to: seed) }

    public func advanceClock(by seconds: Double) { server.clock.advance(by: seconds) }
}
