// Production credentials through real processes: `moongate run` assumes a role at the emulator's
// STS (credentials.ini, a chained Aliyun CLI profile, the RRSA environment), keeps working across
// the credentials' expiry during `moongate.parallel`, and fails clearly, naming the source, without
// showing a secret or a token.
import Foundation
import MoongateTestSupport
import XCTest

final class CredentialsCommandTests: CommandTestCase {
    static let role = "acs:ram::1234567890123456:role/deployer"
    let builtInSecret = "moongate-emulator-demo-secret"

    /// No credentials of the machine: HOME is the test directory, no metadata service, no key variables.
    func environment(_ extra: [String: String]) -> [String: String] {
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("ALIBABA_CLOUD_") && !$0.key.hasPrefix("ALICLOUD_") }
        env["HOME"] = dir.path
        env["ALIBABA_CLOUD_ECS_METADATA_DISABLED"] = "true"
        env["ALIBABA_CLOUD_REGION_ID"] = "cn-hangzhou"
        return env.merging(extra) { _, new in new }
    }

    /// Writes `~/.alibabacloud/credentials.ini` (HOME is the test directory).
    func writeIni(_ text: String) throws {
        let folder = dir.appendingPathComponent(".alibabacloud")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try text.write(to: folder.appendingPathComponent("credentials.ini"), atomically: true, encoding: .utf8)
    }

    /// A `ram_role_arn` section signed by the emulator's built-in key, assuming `Self.role`.
    func writeRoleIni(session: String) throws {
        try writeIni("""
            [default]
            type = ram_role_arn
            access_key_id = MoongateEmulatorKeyId
            access_key_secret = \(builtInSecret)
            role_arn = \(Self.role)
            role_session_name = \(session)
            """)
    }

    /// The metadata service's port from `moongate emulator --metadata-port 0`'s banner.
    func metadataPort(of emulator: MoongateProcess) throws -> Int {
        let banner = emulator.stdoutSoFar
        let range = try XCTUnwrap(banner.range(of: "ECS metadata: http://127.0.0.1:"), banner)
        return try XCTUnwrap(Int(banner[range.upperBound...].prefix { $0.isNumber }))
    }

    func assertNoSecrets(_ texts: String..., file: StaticString = #filePath, line: UInt = #line) {
        for text in texts {
            XCTAssertFalse(text.contains(builtInSecret), "the AccessKeySecret shows: \(text)", file: file, line: line)
            XCTAssertFalse(text.contains("CAIS"), "an STS token shows: \(text)", file: file, line: line)
        }
    }

    func testAnAssumedRoleKeepsWorkingAcrossExpiryDuringParallel() throws {
        let (emulator, port) = try startEmulator(["--sts-duration", "2"])
        defer { emulator.signal(SIGKILL) }
        try writeRoleIni(session: "nightly")
        let s = try script("renew.lua", """
            local c = apigateway.default
            local first = c:create_backend{ BackendName = "before-expiry", BackendType = "HTTP" }.BackendId
            moongate.sleep(2.5)   -- the first STS credentials have expired by now
            local names = {}
            for i = 1, 8 do names[i] = "after-expiry-" .. i end
            local made = moongate.parallel(names, function(name)
              return c:create_backend{ BackendName = name, BackendType = "HTTP" }.BackendId
            end, { limit = 8 })
            local ok = 0
            for _, r in ipairs(made) do if r.ok then ok = ok + 1 else print(tostring(r.err)) end end
            print(first ~= nil, ok)
            """)
        let audit = dir.appendingPathComponent("audit.jsonl").path
        let r = try moongate(["run", "--endpoint", "http://127.0.0.1:\(port)", "--audit", audit, s],
                             environment: environment(["ALIBABA_CLOUD_STS_ENDPOINT": "http://127.0.0.1:\(port)"]))
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, "true\t8\n", r.stderr)
        let auditText = try String(contentsOfFile: audit, encoding: .utf8)
        XCTAssertEqual(auditText.split(separator: "\n").count, 9, auditText)
        // The audit names the key of each call: the first one, then the renewed one for all eight after expiry.
        let keys = try auditText.split(separator: "\n").map { line -> String in
            let record = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            XCTAssertEqual(record["credentials"] as? String, "~/.alibabacloud/credentials.ini [default] (ram_role_arn)")
            return try XCTUnwrap(record["access_key_id"] as? String)
        }
        XCTAssertTrue(keys.allSatisfy { $0.hasPrefix("STS.") }, "\(keys)")
        XCTAssertEqual(Set(keys.dropFirst()).count, 1, "\(keys)")
        XCTAssertNotEqual(keys[0], keys[1], "renewed after expiry: \(keys)")
        assertNoSecrets(r.stdout, r.stderr, auditText)

        // Read back with the plain key: nine backends exist.
        let list = try moongate(["run", "--endpoint", "http://127.0.0.1:\(port)", try script("count.lua", """
            local n = 0
            for b in apigateway.default:each("DescribeBackendList") do n = n + 1 end
            print(n)
            """)], environment: environment(["ALIBABA_CLOUD_ACCESS_KEY_ID": "MoongateEmulatorKeyId",
                                             "ALIBABA_CLOUD_ACCESS_KEY_SECRET": builtInSecret]))
        XCTAssertEqual(list.stdout, "9\n", list.stderr)
    }

    func testAChainedCLIProfileAndItsFailureNamingTheProfile() throws {
        let (emulator, port) = try startEmulator([])
        defer { emulator.signal(SIGKILL) }
        let folder = dir.appendingPathComponent(".aliyun")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let sts = "http://127.0.0.1:\(port)"
        try """
            {"current": "deployer", "profiles": [
              {"name": "base", "mode": "AK", "access_key_id": "MoongateEmulatorKeyId", "access_key_secret": "\(builtInSecret)",
               "region_id": "cn-hangzhou"},
              {"name": "deployer", "mode": "ChainableRamRoleArn", "source_profile": "base", "ram_role_arn": "\(Self.role)",
               "sts_endpoint": "\(sts)", "region_id": "cn-hangzhou"},
              {"name": "nobody", "mode": "ChainableRamRoleArn", "source_profile": "base",
               "ram_role_arn": "acs:ram::999:role/nobody", "sts_endpoint": "\(sts)", "region_id": "cn-hangzhou"}
            ]}
            """.write(to: folder.appendingPathComponent("config.json"), atomically: true, encoding: .utf8)
        let s = try script("make.lua", """
            print(apigateway.default:create_backend{ BackendName = "by-" .. arg[1], BackendType = "HTTP" }.BackendId ~= nil)
            """)
        let ok = try moongate(["run", "--endpoint", sts, s, "deployer"], environment: environment([:]))
        XCTAssertEqual(ok.status, 0, ok.stderr)
        XCTAssertEqual(ok.stdout, "true\n")
        // whoami asks the profile's sts_endpoint (no ALIBABA_CLOUD_STS_ENDPOINT is set).
        let who = try moongate(["whoami"], environment: environment([:]))
        XCTAssertEqual(who.status, 0, who.stderr)
        XCTAssertTrue(who.stdout.contains("profile \"deployer\" (ChainableRamRoleArn)"), who.stdout)
        XCTAssertTrue(who.stdout.contains("acs:ram::1234567890123456:assumed-role/deployer/"), who.stdout)

        let refused = try moongate(["run", "--endpoint", sts, s, "nobody"], environment: environment(["ALIBABA_CLOUD_PROFILE": "nobody"]))
        XCTAssertEqual(refused.status, 64, "credentials that do not work end the run like a bad flag")
        XCTAssertEqual(refused.stderr.split(separator: "\n").count, 1, "one line, no traceback: \(refused.stderr)")
        XCTAssertTrue(refused.stderr.hasPrefix("make.lua:1: Moongate.CredentialsFailed: ~/.aliyun/config.json profile \"nobody\""),
                      refused.stderr)
        XCTAssertTrue(refused.stderr.contains("nobody") && refused.stderr.contains("EntityNotExist.Role"), refused.stderr)
        XCTAssertTrue(refused.stderr.contains("Moongate.CredentialsFailed"), refused.stderr)
        assertNoSecrets(refused.stdout, refused.stderr, ok.stdout, ok.stderr)
    }

    func testTheRRSAEnvironmentWithARotatedTokenFile() throws {
        let (emulator, port) = try startEmulator([])
        defer { emulator.signal(SIGKILL) }
        let token = dir.appendingPathComponent("token").path
        try "eyJhbGciOiJSUzI1NiJ9.first".write(toFile: token, atomically: true, encoding: .utf8)
        let env = environment(["ALIBABA_CLOUD_ROLE_ARN": Self.role,
                               "ALIBABA_CLOUD_OIDC_PROVIDER_ARN": "acs:ram::1234567890123456:oidc-provider/ack-rrsa",
                               "ALIBABA_CLOUD_OIDC_TOKEN_FILE": token,
                               "ALIBABA_CLOUD_STS_ENDPOINT": "http://127.0.0.1:\(port)"])
        let s = try script("make.lua", """
            print(apigateway.default:create_backend{ BackendName = "pod", BackendType = "HTTP" }.BackendId ~= nil)
            """)
        let r = try moongate(["run", "--endpoint", "http://127.0.0.1:\(port)", s], environment: env)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, "true\n")

        try FileManager.default.removeItem(atPath: token)
        let missing = try moongate(["run", "--endpoint", "http://127.0.0.1:\(port)", s], environment: env)
        XCTAssertEqual(missing.status, 64, missing.stderr)
        XCTAssertTrue(missing.stderr.contains("cannot read the OIDC token file \(token)"), missing.stderr)
    }
}

extension CredentialsCommandTests {
    func testWhoamiNamesTheSourceAndTheAssumedRoleWithoutSecrets() throws {
        let (emulator, port) = try startEmulator([])
        defer { emulator.signal(SIGKILL) }
        try writeRoleIni(session: "oncall")
        let env = environment(["ALIBABA_CLOUD_STS_ENDPOINT": "http://127.0.0.1:\(port)"])
        let cli = try moongate(["whoami", "--json"], environment: env)
        XCTAssertEqual(cli.status, 0, cli.stderr)
        let fields = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(cli.stdout.utf8)) as? [String: String])
        XCTAssertEqual(fields["source"], "~/.alibabacloud/credentials.ini [default] (ram_role_arn)")
        XCTAssertEqual(fields["access_key_id"], "STS.***")
        XCTAssertEqual(fields["arn"], "acs:ram::1234567890123456:assumed-role/deployer/oncall")
        XCTAssertEqual(fields["identity_type"], "AssumedRoleUser")
        XCTAssertEqual(fields["sts_endpoint"], "http://127.0.0.1:\(port)")
        XCTAssertNotNil(fields["expiration"].flatMap { $0.hasSuffix("Z") ? $0 : nil }, cli.stdout)

        let s = try script("who.lua", """
            local me = apigateway.whoami()
            print(me.source, me.access_key_id, me.arn)
            """)
        let lua = try moongate(["run", s], environment: env)
        XCTAssertEqual(lua.status, 0, lua.stderr)
        XCTAssertEqual(lua.stdout, "~/.alibabacloud/credentials.ini [default] (ram_role_arn)\tSTS.***\t"
                       + "acs:ram::1234567890123456:assumed-role/deployer/oncall\n")
        assertNoSecrets(cli.stdout, cli.stderr, lua.stdout, lua.stderr)

        // No credentials anywhere: exit 64 and every source tried, in one line.
        try FileManager.default.removeItem(at: dir.appendingPathComponent(".alibabacloud"))
        let none = try moongate(["whoami"], environment: environment([:]))
        XCTAssertEqual(none.status, 64, none.stderr)
        XCTAssertTrue(none.stderr.hasPrefix("moongate whoami: Moongate.NoCredentials: no credentials found (tried environment"),
                      none.stderr)
        XCTAssertTrue(none.stderr.contains("ECS instance role: skipped"), none.stderr)
    }
}

extension CredentialsCommandTests {
    func testTheECSInstanceRoleFromTheEmulatorsMetadataService() throws {
        let (emulator, port) = try startEmulator(["--metadata-port", "0", "--metadata-role", "cron-host"])
        defer { emulator.signal(SIGKILL) }
        let metadataPort = try metadataPort(of: emulator)
        XCTAssertTrue(emulator.stdoutSoFar.contains("(role cron-host, IMDSv2 only)"), emulator.stdoutSoFar)

        var env = environment(["MOONGATE_ECS_METADATA_ENDPOINT": "http://127.0.0.1:\(metadataPort)",
                               "ALIBABA_CLOUD_STS_ENDPOINT": "http://127.0.0.1:\(port)"])
        env["ALIBABA_CLOUD_ECS_METADATA_DISABLED"] = nil
        let s = try script("ecs.lua", """
            local me = apigateway.whoami()
            local id = apigateway.default:create_backend{ BackendName = "from-ecs", BackendType = "HTTP" }.BackendId
            print(me.source, me.access_key_id, me.arn, id ~= nil)
            """)
        let r = try moongate(["run", "--endpoint", "http://127.0.0.1:\(port)", s], environment: env)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, "ECS instance role\tSTS.***\tacs:ram::1234567890123456:assumed-role/cron-host/ecs-instance\ttrue\n")
        assertNoSecrets(r.stdout, r.stderr)

        // An instance without IMDSv2: the provider falls back to IMDSv1, unless IMDSv1 is disabled.
        let (old, oldPort) = try startEmulator(["--metadata-port", "0", "--metadata-role", "cron-host", "--metadata-v1-only"])
        defer { old.signal(SIGKILL) }
        XCTAssertTrue(old.stdoutSoFar.contains("(role cron-host, IMDSv1 only)"), old.stdoutSoFar)
        var oldEnv = env
        oldEnv["MOONGATE_ECS_METADATA_ENDPOINT"] = "http://127.0.0.1:\(try self.metadataPort(of: old))"
        oldEnv["ALIBABA_CLOUD_STS_ENDPOINT"] = "http://127.0.0.1:\(oldPort)"
        let v1 = try moongate(["run", "--endpoint", "http://127.0.0.1:\(oldPort)", s], environment: oldEnv)
        XCTAssertEqual(v1.status, 0, v1.stderr)
        XCTAssertTrue(v1.stdout.hasPrefix("ECS instance role\tSTS.***\t"), v1.stdout)
        oldEnv["ALIBABA_CLOUD_IMDSV1_DISABLED"] = "true"
        let refused = try moongate(["whoami"], environment: oldEnv)
        XCTAssertEqual(refused.status, 64, refused.stderr)
        XCTAssertTrue(refused.stderr.contains("IMDSv1 is disabled (ALIBABA_CLOUD_IMDSV1_DISABLED=true)"), refused.stderr)
        assertNoSecrets(v1.stdout, v1.stderr, refused.stderr)

        // A role the instance does not have is a clear error naming the source and the role.
        let wrong = try moongate(["whoami"], environment: env.merging(["ALIBABA_CLOUD_ECS_METADATA": "other-role"]) { _, new in new })
        XCTAssertEqual(wrong.status, 64, wrong.stderr)
        XCTAssertTrue(wrong.stderr.contains("ECS instance role") && wrong.stderr.contains("HTTP 404"), wrong.stderr)
    }
}

extension CredentialsCommandTests {
    /// Writes `~/.aliyun/config.json` with one External profile running `command`.
    func writeExternalProfile(_ command: String) throws {
        let folder = dir.appendingPathComponent(".aliyun")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let profile: [String: Any] = ["current": "ext", "profiles": [["name": "ext", "mode": "External", "process_command": command,
                                                                      "region_id": "cn-hangzhou"]]]
        try JSONSerialization.data(withJSONObject: profile).write(to: folder.appendingPathComponent("config.json"))
    }

    func testAnExternalProcessAndItsFailures() throws {
        let (emulator, port) = try startEmulator([])
        defer { emulator.signal(SIGKILL) }
        let helper = dir.appendingPathComponent("creds.sh").path
        try """
            #!/bin/sh
            case "$1" in
              good) printf '{"mode":"AK","access_key_id":"MoongateEmulatorKeyId","access_key_secret":"%s"}' "\(builtInSecret)" ;;
              junk) echo "not json" ;;
              *) echo "vault is sealed" >&2; exit 3 ;;
            esac
            """.write(toFile: helper, atomically: true, encoding: .utf8)
        chmod(helper, 0o755)
        let s = try script("make.lua", """
            print(apigateway.default:create_backend{ BackendName = "ext", BackendType = "HTTP" }.BackendId ~= nil)
            """)
        let endpoint = "http://127.0.0.1:\(port)"

        try writeExternalProfile("\(helper) good")
        let ok = try moongate(["run", "--endpoint", endpoint, s], environment: environment([:]))
        XCTAssertEqual(ok.status, 0, ok.stderr)
        XCTAssertEqual(ok.stdout, "true\n")

        for (argument, expected) in [("junk", "process_command printed something that is not a JSON object"),
                                     ("sealed", "process_command \(helper) failed (exit 3)")] {
            try writeExternalProfile("\(helper) \(argument)")
            let r = try moongate(["run", "--endpoint", endpoint, s], environment: environment([:]))
            XCTAssertEqual(r.status, 64, r.stderr)
            XCTAssertTrue(r.stderr.contains("profile \"ext\" (External)") && r.stderr.contains(expected), r.stderr)
        }
        assertNoSecrets(ok.stdout, ok.stderr)
    }

    func testACredentialsURIAndOneThatFails() throws {
        let (emulator, port) = try startEmulator(["--metadata-port", "0", "--metadata-allow-v1"])
        defer { emulator.signal(SIGKILL) }
        let metadataPort = try metadataPort(of: emulator)
        // The metadata service's credentials answer has the credentials-URI shape ({Code: Success, …}).
        let uri = "http://127.0.0.1:\(metadataPort)/latest/meta-data/ram/security-credentials/moongate-ecs-role"
        let s = try script("who.lua", "print(apigateway.whoami().source, apigateway.whoami().access_key_id)")
        let env = environment(["ALIBABA_CLOUD_CREDENTIALS_URI": uri, "ALIBABA_CLOUD_STS_ENDPOINT": "http://127.0.0.1:\(port)"])
        let ok = try moongate(["run", s], environment: env)
        XCTAssertEqual(ok.status, 0, ok.stderr)
        XCTAssertEqual(ok.stdout, "ALIBABA_CLOUD_CREDENTIALS_URI\tSTS.***\n")

        let bad = try moongate(["run", s], environment: environment(["ALIBABA_CLOUD_CREDENTIALS_URI": "http://127.0.0.1:\(metadataPort)/nothing"]))
        XCTAssertEqual(bad.status, 64, bad.stderr)
        XCTAssertTrue(bad.stderr.contains("ALIBABA_CLOUD_CREDENTIALS_URI") && bad.stderr.contains("answered HTTP 404"), bad.stderr)
        assertNoSecrets(ok.stdout, ok.stderr, bad.stderr)
    }
}
