import CloudAPI
import Foundation
import XCTest

/// The credentials chain and region lookup against a temporary HOME and environment.
final class ConfigurationResolverTests: XCTestCase {
    private var home: URL!

    override func setUpWithError() throws {
        home = FileManager.default.temporaryDirectory.appendingPathComponent("moongate-home-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: home)
    }

    private func write(_ relativePath: String, _ text: String) throws {
        let url = home.appendingPathComponent(relativePath)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    /// The ECS metadata service is off unless a test turns it on: this machine is not an ECS instance.
    private func resolver(_ environment: [String: String] = [:]) -> ConfigurationResolver {
        ConfigurationResolver(environment: ["ALIBABA_CLOUD_ECS_METADATA_DISABLED": "true"].merging(environment) { $1 },
                              homeDirectory: home.path)
    }

    private func configurationError(_ body: () throws -> Any) -> ConfigurationError? {
        do { _ = try body(); XCTFail("no error"); return nil } catch { return error as? ConfigurationError }
    }

    private static let cliConfig = """
        {"current": "work", "profiles": [
          {"name": "default", "mode": "AK", "access_key_id": "AK_DEFAULT", "access_key_secret": "S_DEFAULT", "region_id": "cn-beijing"},
          {"name": "work", "mode": "StsToken", "access_key_id": "AK_WORK", "access_key_secret": "S_WORK", "sts_token": "T_WORK", "region_id": "cn-shanghai"},
          {"name": "role", "mode": "RamRoleArn", "access_key_id": "AK_ROLE", "access_key_secret": "S_ROLE", "ram_role_arn": "acs:ram::1:role/x"},
          {"name": "sso", "mode": "CloudSSO", "cloud_sso_sign_in_url": "https://signin.example.com"}
        ], "meta_path": ""}
        """

    private static let ini = """
        # Alibaba Cloud credentials
        [default]
        enable = true
        type = access_key
        access_key_id = AK_INI
        access_key_secret = "S_INI"
        region_id = ap-southeast-1

        [temp]
        type = sts
        access_key_id = AK_TMP
        access_key_secret = S_TMP
        security_token = T_TMP

        [ecs]
        type = ecs_ram_role
        role_name = x
        """

    func testExplicitCredentialsWinOverEverything() throws {
        try write(".aliyun/config.json", Self.cliConfig)
        let explicit = Credentials(accessKeyId: "AK_X", accessKeySecret: "S_X")
        let resolved = try resolver(["ALIBABA_CLOUD_ACCESS_KEY_ID": "AK_ENV", "ALIBABA_CLOUD_ACCESS_KEY_SECRET": "S_ENV"])
            .resolveCredentials(.init(credentials: explicit))
        XCTAssertEqual(resolved.credentials, explicit)
        XCTAssertEqual(resolved.source, "explicit")
    }

    func testEnvironmentComesBeforeFiles() throws {
        try write(".aliyun/config.json", Self.cliConfig)
        let resolved = try resolver([
            "ALIBABA_CLOUD_ACCESS_KEY_ID": "AK_ENV", "ALIBABA_CLOUD_ACCESS_KEY_SECRET": "S_ENV",
            "ALIBABA_CLOUD_SECURITY_TOKEN": "T_ENV",
        ]).resolveCredentials()
        XCTAssertEqual(resolved.credentials, Credentials(accessKeyId: "AK_ENV", accessKeySecret: "S_ENV", securityToken: "T_ENV"))
        XCTAssertEqual(resolved.source, "environment")
        XCTAssertEqual(resolved.profileRegion, "cn-shanghai", "region still comes from the current profile")
        XCTAssertEqual(
            configurationError { try self.resolver(["ALIBABA_CLOUD_ACCESS_KEY_ID": "AK"]).resolveCredentials() }?.message,
            "ALIBABA_CLOUD_ACCESS_KEY_ID is set but ALIBABA_CLOUD_ACCESS_KEY_SECRET is not")
    }

    func testAliyunCLIConfigProfiles() throws {
        try write(".aliyun/config.json", Self.cliConfig)
        let current = try resolver().resolveCredentials()
        XCTAssertEqual(current.credentials, Credentials(accessKeyId: "AK_WORK", accessKeySecret: "S_WORK", securityToken: "T_WORK"))
        XCTAssertEqual(current.source, "~/.aliyun/config.json profile \"work\" (StsToken)")
        XCTAssertEqual(current.profileRegion, "cn-shanghai")

        let byEnvironment = try resolver(["ALIBABA_CLOUD_PROFILE": "default"]).resolveCredentials()
        XCTAssertEqual(byEnvironment.credentials.accessKeyId, "AK_DEFAULT")
        let byFlag = try resolver(["ALIBABA_CLOUD_PROFILE": "work"]).resolveCredentials(.init(profile: "default"))
        XCTAssertEqual(byFlag.credentials.accessKeyId, "AK_DEFAULT", "--profile beats ALIBABA_CLOUD_PROFILE")
        XCTAssertNil(byFlag.credentials.securityToken)
    }

    func testUnsupportedModeIsAClearError() throws {
        try write(".aliyun/config.json", Self.cliConfig)
        let error = configurationError { try self.resolver().resolveCredentials(.init(profile: "sso")) }
        XCTAssertEqual(error?.code, "Moongate.UnsupportedCredentials")
        XCTAssertTrue(error?.message.contains("profile \"sso\" uses mode CloudSSO, which is not supported") == true, error?.message ?? "")
        // A supported mode whose STS cannot be reached fails naming the profile and the endpoint, no secret.
        let unreachable = configurationError {
            try self.resolver(["ALIBABA_CLOUD_STS_ENDPOINT": "http://127.0.0.1:9"]).resolveCredentials(.init(profile: "role"))
        }
        XCTAssertEqual(unreachable?.code, "Moongate.CredentialsFailed")
        XCTAssertTrue(unreachable?.message.hasPrefix("~/.aliyun/config.json profile \"role\" (RamRoleArn): cannot reach http://127.0.0.1:9") == true,
                      unreachable?.message ?? "")
        XCTAssertFalse(unreachable?.message.contains("S_ROLE") == true)
    }

    func testCredentialsIniFile() throws {
        try write(".alibabacloud/credentials", Self.ini)
        let resolved = try resolver().resolveCredentials()
        XCTAssertEqual(resolved.credentials, Credentials(accessKeyId: "AK_INI", accessKeySecret: "S_INI"))
        XCTAssertEqual(resolved.source, "~/.alibabacloud/credentials [default] (access_key)")
        XCTAssertEqual(resolved.profileRegion, "ap-southeast-1")
        let temp = try resolver(["ALIBABA_CLOUD_PROFILE": "temp"]).resolveCredentials()
        XCTAssertEqual(temp.credentials.securityToken, "T_TMP")
        // type ecs_ram_role asks the metadata service (here: nothing listening), naming the section.
        let ecs = configurationError {
            try self.resolver(["MOONGATE_ECS_METADATA_ENDPOINT": "http://127.0.0.1:9"]).resolveCredentials(.init(profile: "ecs"))
        }
        XCTAssertEqual(ecs?.code, "Moongate.CredentialsFailed")
        XCTAssertTrue(ecs?.message.hasPrefix("~/.alibabacloud/credentials [ecs] (ecs_ram_role): cannot reach http://127.0.0.1:9") == true, ecs?.message ?? "")
    }

    func testCredentialsFileFromEnvironmentAndMissingFiles() throws {
        try write("elsewhere/creds.ini", Self.ini.replacingOccurrences(of: "AK_INI", with: "AK_ELSEWHERE"))
        let resolved = try resolver(["ALIBABA_CLOUD_CREDENTIALS_FILE": home.appendingPathComponent("elsewhere/creds.ini").path])
            .resolveCredentials()
        XCTAssertEqual(resolved.credentials.accessKeyId, "AK_ELSEWHERE")
        XCTAssertNotNil(configurationError {
            try self.resolver(["ALIBABA_CLOUD_CREDENTIALS_FILE": "/nonexistent/creds"]).resolveCredentials()
        })
        let none = configurationError { try self.resolver().resolveCredentials() }
        XCTAssertEqual(none?.code, "Moongate.NoCredentials")
        XCTAssertTrue(none?.message.contains("ALIBABA_CLOUD_ACCESS_KEY_ID") == true)
        let missingProfile = configurationError { try self.resolver().resolveCredentials(.init(profile: "nope")) }
        XCTAssertTrue(missingProfile?.message.hasPrefix("profile \"nope\" not found") == true, missingProfile?.message ?? "")
    }

    func testCLIConfigFallsThroughToIniWhenProfileAbsent() throws {
        try write(".aliyun/config.json", #"{"current": "gone", "profiles": []}"#)
        try write(".alibabacloud/credentials", Self.ini)
        XCTAssertEqual(try resolver().resolveCredentials().credentials.accessKeyId, "AK_INI")
    }

    func testMalformedCLIConfigNamesTheFileAndByte() throws {
        try write(".aliyun/config.json", #"{"current": "x",, }"#)
        let error = configurationError { try self.resolver().resolveCredentials() }
        XCTAssertTrue(error?.message.hasPrefix("~/.aliyun/config.json: cannot read the aliyun CLI config (JSON:") == true,
                      error?.message ?? "")
        XCTAssertTrue(error?.message.contains("at byte 16") == true, error?.message ?? "")
    }

    func testRegionOrder() throws {
        try write(".aliyun/config.json", Self.cliConfig)
        XCTAssertEqual(try resolver(["ALIBABA_CLOUD_REGION_ID": "us-west-1"]).resolve(.init(region: "eu-central-1")).region, "eu-central-1")
        XCTAssertEqual(try resolver(["ALIBABA_CLOUD_REGION_ID": "us-west-1"]).resolve().region, "us-west-1")
        XCTAssertEqual(try resolver().resolve().region, "cn-shanghai")
        let noRegion = configurationError {
            try self.resolver().resolve(.init(credentials: Credentials(accessKeyId: "a", accessKeySecret: "b"), profile: "role"))
        }
        XCTAssertEqual(noRegion?.code, "Moongate.NoRegion")
        XCTAssertTrue(noRegion?.message.contains("--region") == true)
        XCTAssertTrue(noRegion?.message.contains("ALIBABA_CLOUD_REGION_ID") == true)
    }

    func testEndpoint() throws {
        let env = ["ALIBABA_CLOUD_ACCESS_KEY_ID": "a", "ALIBABA_CLOUD_ACCESS_KEY_SECRET": "b", "ALIBABA_CLOUD_REGION_ID": "cn-hangzhou"]
        XCTAssertEqual(try resolver(env).resolve().endpoint.absoluteString, "https://apigateway.cn-hangzhou.aliyuncs.com")
        XCTAssertEqual(try resolver(env).resolve(.init(endpoint: "http://127.0.0.1:9780")).endpoint.absoluteString, "http://127.0.0.1:9780")
        XCTAssertNotNil(configurationError { try self.resolver(env).resolve(.init(endpoint: "ftp://x")) })
        XCTAssertNotNil(configurationError { try self.resolver(env).resolve(.init(endpoint: "http://h/path")) })
        XCTAssertThrowsError(try CloudAPIClient(configuration: ClientConfiguration(
            credentials: Credentials(accessKeyId: "a", accessKeySecret: "b"), region: "x", endpoint: URL(string: "file:///tmp")!)))
    }
}
