// ===----------------------------------------------------------------------===
// Everything `moongate emulator` and in-process users can set.
// ===----------------------------------------------------------------------===

import Foundation

/// How an `EmulatorServer` listens, keeps state, authenticates and misbehaves.
///
/// ```swift
/// var configuration = EmulatorConfiguration()       // 127.0.0.1:9780, in-memory, built-in key
/// configuration.port = 0                            // ephemeral: start() returns the bound port
/// configuration.statePath = "/tmp/emulator.sqlite"
/// configuration.faults = try FaultPlan(parsing: "throttle=0.1")
/// ```
public struct EmulatorConfiguration: Sendable {
    /// An AccessKey pair the emulator accepts. Any STS token sent with it is ignored; keys issued by
    /// the emulator's STS must come with their own token, before they expire.
    public struct AccessKey: Sendable, Equatable {
        public let id: String
        public let secret: String
        public init(id: String, secret: String) {
            self.id = id
            self.secret = secret
        }
    }

    /// The built-in demo key. It is public (printed at start and documented), so it protects
    /// nothing: it only lets demos and tests sign real requests.
    public static let builtInAccessKey = AccessKey(id: "MoongateEmulatorKeyId", secret: "moongate-emulator-demo-secret")

    /// Loopback by default: the emulator is a development tool, not a network service.
    public var host = "127.0.0.1"
    /// Serve HTTPS with this PEM certificate (chain) and private key, instead of plain HTTP.
    public var tls: TLSFiles?

    /// The files behind `--tls-cert` and `--tls-key`.
    public struct TLSFiles: Sendable, Equatable {
        public var certificatePath: String
        public var privateKeyPath: String
        public init(certificatePath: String, privateKeyPath: String) {
            self.certificatePath = certificatePath
            self.privateKeyPath = privateKeyPath
        }
    }
    /// 9780 by default; 0 picks a free port (read it from `start()`).
    public var port = 9780
    /// SQLite file to keep state in; nil keeps it in memory.
    public var statePath: String?
    /// Loaded at start (idempotent), before the first request.
    public var seed: EmulatorSeed?
    public var accessKeys: [AccessKey] = [builtInAccessKey]
    public var faults: FaultPlan = .none
    /// Calls per second per operation and AccessKey (`--quota`); over it, `Throttling.User` with
    /// `x-acs-retry-after`. Empty: the seed's `Quota`, else no limit.
    public var quota: QuotaPlan = .none
    /// Seed for the fault dice, for repeatable runs; nil draws a random seed.
    public var faultSeed: UInt64?
    /// How far a request's timestamp may be from the emulator's clock (the service allows 15 minutes).
    public var allowedClockSkew: TimeInterval = 15 * 60
    /// Caps the lifetime of credentials the STS issues (`--sts-duration`), so that tests see them
    /// expire and renew; nil honours the requested DurationSeconds.
    public var stsDuration: TimeInterval?
    /// Also serve an ECS instance metadata service (`--metadata-port`), nil for none.
    public var metadata: Metadata?

    /// The metadata service: where it listens and the RAM role the "instance" has.
    public struct Metadata: Sendable, Equatable {
        /// 0 picks a free port (read it from `EmulatorServer.metadataPort`).
        public var port: Int
        public var role: String
        /// Answer GETs without an IMDSv2 token (an instance that still allows IMDSv1).
        public var allowV1: Bool
        /// Offer no IMDSv2 tokens (`PUT /latest/api/token` is 404, as on an instance that predates
        /// IMDSv2): clients must fall back to IMDSv1. Implies `allowV1`.
        public var v1Only: Bool
        public init(port: Int, role: String = "moongate-ecs-role", allowV1: Bool = false, v1Only: Bool = false) {
            self.port = port
            self.role = role
            self.allowV1 = allowV1 || v1Only
            self.v1Only = v1Only
        }
    }
    /// The region shown in `HostId` of error bodies.
    public var regionId = "cn-hangzhou"

    public init() {}

    func secret(for accessKeyId: String) -> String? {
        accessKeys.first { $0.id == accessKeyId }?.secret
    }
}
