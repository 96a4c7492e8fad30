// LocalGateway: the in-process API Gateway behind `--emulator` and `moongate test`. Whoever builds the
// runtime provides one (the command line plugs in the Emulator module through MoongateEmulator), so the
// Moongate library carries no emulator into the apps that embed it.
import CloudAPI
import Foundation

/// A local API Gateway a run can start on a loopback port and point its clients at.
public protocol LocalGateway: AnyObject, Sendable {
    func start() async throws
    func stop() async
    /// A client configuration for the started gateway (its endpoint and AccessKey); nil before `start()`.
    func clientConfiguration(region: String) -> ClientConfiguration?
    /// Adds the resources of a seed document (the `--emulator-seed` JSON format), written as a Lua table:
    /// its errors start with `source` and count list items from 1.
    func load(seedJSON: Data, source: String) throws
    /// The faults on every request from now on, in `--faults` syntax (`throttle=1,delay=50ms`; "" for none).
    func setFaults(_ spec: String) throws
    /// Back to how it started: its starting state, its clock at now, its configured faults.
    func reset() throws
    /// Moves its clock ahead: what it creates from now on is stamped that much later.
    func advanceClock(by seconds: Double)
}

/// What a run asks of the gateway it starts.
public struct LocalGatewaySettings: Sendable {
    /// `--emulator-seed`: the starting state's file.
    public var seedPath: String?
    /// Without a seed file: start from the demo state (`moongate run --emulator`) or empty (`moongate test`).
    public var demoState: Bool

    public init(seedPath: String?, demoState: Bool) {
        self.seedPath = seedPath
        self.demoState = demoState
    }
}

/// Makes the gateway of one run (not yet started).
public typealias LocalGatewayProvider = @Sendable (LocalGatewaySettings) throws -> any LocalGateway
