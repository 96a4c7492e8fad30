// The emulator's STS over real HTTP, driven by CloudAPI's own providers: AssumeRole and
// AssumeRoleWithOIDC issue `STS.` keys that the API accepts only with their token and before they
// expire; GetCallerIdentity says who a key is; seeded roles and OIDC providers are enforced.

import CloudAPI
import Emulator
import Foundation
import XCTest

final class StsTests: EmulatorTestCase {
    static let role = "acs:ram::1234567890123456:role/deployer"
    static let provider = "acs:ram::1234567890123456:oidc-provider/ack-rrsa"

    override func configure(_ configuration: inout EmulatorConfiguration) {
        var seed = TestSeed.sample
        seed.Roles = [.init(RoleArn: Self.role), .init(RoleArn: "acs:ram::1234567890123456:role/partner", ExternalId: "abc-123")]
        seed.OIDCProviders = [.init(OIDCProviderArn: Self.provider, Tokens: ["token-one", "token-two"])]
        configuration.seed = seed
        configuration.stsDuration = stsDuration
    }
    /// Lifetime of issued keys for the emulator `configure` sets up; nil is the service's default.
    private var stsDuration: TimeInterval?

    private var sts: StsClient { get throws { try StsClient(endpoint: "http://127.0.0.1:\(emulator.port)") } }
    private var builtIn: CredentialsSource {
        CredentialsSource(Credentials(accessKeyId: EmulatorConfiguration.builtInAccessKey.id,
                                      accessKeySecret: EmulatorConfiguration.builtInAccessKey.secret))
    }

    func testAssumedRoleKeysWorkOnlyWithTheirToken() async throws {
        let provider = try RamRoleArnProvider(name: "test role", base: builtIn, roleArn: Self.role, sessionName: "ci-42", sts: sts)
        let issued = try await offLoop { try provider.fetch() }
        XCTAssertTrue(issued.credentials.accessKeyId.hasPrefix("STS."))
        XCTAssertNotNil(issued.credentials.securityToken)
        let lifetime = try XCTUnwrap(issued.expiration).timeIntervalSinceNow
        XCTAssertEqual(lifetime, 3600, accuracy: 5)
        XCTAssertEqual(emulator.server.stsIssued, 1)
        XCTAssertEqual(issued.spent, [EmulatorConfiguration.builtInAccessKey.secret], "the signing key is masked with the role's")

        emulator.credentials = issued.credentials
        let id = try await emulator.createBackend("made-by-role")
        let info = try await emulator.ok("DescribeBackendInfo", [("BackendId", id)])
        XCTAssertEqual(info["BackendInfo"]?["BackendName"], "made-by-role")
        try await emulator.ok("DescribeBackendInfo", [("BackendId", id)], signature: .v1)

        let sts = try self.sts
        let who = try await offLoop { try sts.callerIdentity(issued.credentials, source: "test") }
        XCTAssertEqual(who["IdentityType"], "AssumedRoleUser")
        XCTAssertEqual(who["AccountId"], "1234567890123456")
        XCTAssertEqual(who["Arn"], "acs:ram::1234567890123456:assumed-role/deployer/ci-42")

        // The key without its token, or with another session's token, is refused.
        emulator.credentials = Credentials(accessKeyId: issued.credentials.accessKeyId,
                                           accessKeySecret: issued.credentials.accessKeySecret)
        try await emulator.refused("MissingParameter", "DescribeBackendInfo", [("BackendId", id)])
        emulator.credentials = Credentials(accessKeyId: issued.credentials.accessKeyId,
                                           accessKeySecret: issued.credentials.accessKeySecret, securityToken: "CAISforged")
        try await emulator.refused("InvalidSecurityToken.Mismatch", "DescribeBackendInfo", [("BackendId", id)])
    }

    func testExpiredKeysAreRefusedAndTheSourceRenewsThem() async throws {
        await emulator.stop()
        stsDuration = 2
        emulator = try await EmulatorHarness.start { self.configure(&$0) }

        let source = CredentialsSource(provider: try RamRoleArnProvider(name: "short role", base: builtIn, roleArn: Self.role,
                                                                        sts: sts))
        let first = try await offLoop { try source.current() }
        let issued = try await offLoop { try source.issued() }
        let expiration = try XCTUnwrap(issued.expiration)
        XCTAssertEqual(expiration.timeIntervalSinceNow, 2, accuracy: 1.5, "--sts-duration caps the lifetime")
        try await Task.sleep(nanoseconds: 2_300_000_000)

        emulator.credentials = first
        let refused = try await emulator.refused("InvalidSecurityToken.Expired", "DescribeBackendInfo", [("BackendId", "x")])
        XCTAssertFalse(refused.body["Message"]?.stringValue?.contains(first.securityToken ?? "?") ?? true)

        let renewed = try await offLoop { try source.current() }
        XCTAssertNotEqual(renewed.accessKeyId, first.accessKeyId)
        XCTAssertEqual(source.fetchCount, 2)
        XCTAssertEqual(emulator.server.stsIssued, 2)
        emulator.credentials = renewed
        _ = try await emulator.createBackend("after-renewal")
    }

    func testUnknownRolesAndExternalIdsAreRefused() async throws {
        let unknown = try RamRoleArnProvider(name: "profile ci", base: builtIn, roleArn: "acs:ram::1234567890123456:role/nobody",
                                             sts: sts)
        XCTAssertThrowsError(try unknown.fetch()) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("profile ci") && text.contains("EntityNotExist.Role"), text)
        }
        var partner = try RamRoleArnProvider(name: "partner", base: builtIn, roleArn: "acs:ram::1234567890123456:role/partner",
                                             externalId: "wrong", sts: sts)
        XCTAssertThrowsError(try partner.fetch()) { XCTAssertTrue("\($0)".contains("NoPermission"), "\($0)") }
        partner.externalId = "abc-123"
        XCTAssertTrue(try partner.fetch().credentials.accessKeyId.hasPrefix("STS."))

        let badSignature = try RamRoleArnProvider(
            name: "bad key", base: CredentialsSource(Credentials(accessKeyId: EmulatorConfiguration.builtInAccessKey.id,
                                                                 accessKeySecret: "not-the-secret")),
            roleArn: Self.role, sts: sts)
        XCTAssertThrowsError(try badSignature.fetch()) { XCTAssertTrue("\($0)".contains("SignatureDoesNotMatch"), "\($0)") }
        XCTAssertEqual(emulator.server.stsIssued, 1)
    }

    func testOIDCRereadsARotatedTokenFile() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sts-oidc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let tokenFile = directory.appendingPathComponent("token").path
        try "token-one\n".write(toFile: tokenFile, atomically: true, encoding: .utf8)

        let provider = try OIDCRoleArnProvider(name: "rrsa", roleArn: Self.role, providerArn: Self.provider, tokenFile: tokenFile,
                                               sessionName: "pod-7", sts: sts)
        let first = try await offLoop { try provider.fetch() }
        let sts = try self.sts
        let who = try await offLoop { try sts.callerIdentity(first.credentials, source: "test") }
        XCTAssertEqual(who["Arn"], "acs:ram::1234567890123456:assumed-role/deployer/pod-7")

        try "token-stale".write(toFile: tokenFile, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try provider.fetch()) { error in
            XCTAssertTrue("\(error)".contains("InvalidParameter.OIDCToken"), "\(error)")
            XCTAssertFalse("\(error)".contains("token-stale"), "the token never appears in errors")
        }
        try "token-two".write(toFile: tokenFile, atomically: true, encoding: .utf8)
        let second = try await offLoop { try provider.fetch() }
        XCTAssertNotEqual(first.credentials.accessKeyId, second.credentials.accessKeyId)

        let otherProvider = try OIDCRoleArnProvider(name: "rrsa", roleArn: Self.role,
                                                    providerArn: "acs:ram::1234567890123456:oidc-provider/none",
                                                    tokenFile: tokenFile, sts: sts)
        XCTAssertThrowsError(try otherProvider.fetch()) { XCTAssertTrue("\($0)".contains("EntityNotExist.OIDCProvider"), "\($0)") }
    }

    /// Providers block (they run on the client's loop thread); keep them off the test's executor.
    private func offLoop<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try body() }) }.start()
        }
    }
}
