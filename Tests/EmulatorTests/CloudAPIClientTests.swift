// CloudAPI's own client against the emulator: the path `moongate run --emulator` takes.

import CloudAPI
import Emulator
import Foundation
import XCTest

final class CloudAPIClientTests: EmulatorTestCase {

    private func client(_ version: ClientConfiguration.SignatureVersion, secret: String? = nil,
                        retry: RetryPolicy = .default) throws -> CloudAPIClient {
        let key = EmulatorConfiguration.builtInAccessKey
        let configuration = ClientConfiguration(
            credentials: Credentials(accessKeyId: key.id, accessKeySecret: secret ?? key.secret), region: "cn-hangzhou",
            endpoint: URL(string: "http://127.0.0.1:\(emulator.port)")!, signatureVersion: version, retry: retry)
        return try CloudAPIClient(configuration: configuration)
    }

    func testBackendLifecycleAndProductsInBothSignatureVersions() async throws {
        for version in ClientConfiguration.SignatureVersion.allCases {
            let api = try client(version)
            let created = try await api.call("CreateBackend", ["BackendName": .string("client \(version)"), "BackendType": "HTTP",
                                                               "CreateSlr": true, "Tag": [["Key": "by", "Value": "client"]]])
            let id = try XCTUnwrap(created.value["BackendId"]?.stringValue)
            XCTAssertNotNil(created.requestId)
            let model = try await api.call("CreateBackendModel", [
                "BackendId": .string(id), "BackendType": "HTTP", "StageName": "TEST",
                "BackendModelData": ["ServiceAddress": "http://10.1.1.1", "ServiceTimeout": 500],
            ])
            let modelId = try XCTUnwrap(model.value["BackendModelId"]?.stringValue)
            let info = try await api.call("DescribeBackendInfo", ["BackendId": .string(id)])
            XCTAssertEqual(info.value["BackendInfo"]?["BackendModels"]?[0]?["BackendConfig"]?["ServiceTimeout"], 500)
            let list = try await api.call("DescribeBackendList", ["Tag": [["Key": "by", "Value": "client"]]])
            XCTAssertTrue(list.value["BackendInfoList"]?.arrayValue?.contains { $0["BackendId"]?.stringValue == id } ?? false)
            _ = try await api.call("DeleteBackendModel", ["BackendModelId": .string(modelId)])
            _ = try await api.call("DeleteBackend", ["BackendId": .string(id)])

            let product = Value.string("client-\(version)")
            _ = try await api.call("AttachApiProduct", ["ApiProductId": product,
                                                        "Apis": [["ApiId": .string(TestSeed.health), "StageName": "PRE"]]])
            _ = try await api.call("SetApiProductsAuthorities", ["ApiProductIds": [product], "AppId": 110840611])
            _ = try await api.call("SetAppsAuthToApiProduct", ["ApiProductId": product, "AppIds": [110840612]])
            let apps = try await api.call("DescribeAppsByApiProduct", ["ApiProductId": product])
            XCTAssertEqual(apps.value["TotalCount"], 2)
            _ = try await api.call("DeleteApiProduct", ["ApiProductId": product])
        }
    }

    func testServiceErrorsReachTheClientAsCloudAPIErrors() async throws {
        do {
            _ = try await client(.v3, secret: "wrong").call("DescribeBackendList")
            XCTFail("a wrong secret was accepted")
        } catch let error as CloudAPIError {
            XCTAssertEqual(error.code, "SignatureDoesNotMatch")
            XCTAssertEqual(error.httpStatus, 400)
            XCTAssertNotNil(error.requestId)
        }
        do {
            _ = try await client(.v1).call("DescribeBackendInfo", ["BackendId": "0123456789abcdef0123456789abcdef"])
            XCTFail("an unknown backend was described")
        } catch let error as CloudAPIError {
            XCTAssertEqual(error.code, "NotFoundBackend")
            XCTAssertEqual(error.httpStatus, 400, "NotFound%s is HTTP 400 in the service's error table")
        }
    }

    func testThrottlingCarriesRetryAfter() async throws {
        let throttled = try await EmulatorHarness.start {
            $0.faults = try! FaultPlan(parsing: "throttle=1,retry_after=10")
        }
        defer { Task { await throttled.stop() } }
        let key = EmulatorConfiguration.builtInAccessKey
        let api = try CloudAPIClient(configuration: ClientConfiguration(
            credentials: Credentials(accessKeyId: key.id, accessKeySecret: key.secret), region: "cn-hangzhou",
            endpoint: URL(string: "http://127.0.0.1:\(throttled.port)")!,
            retry: RetryPolicy(maxAttempts: 3, baseDelay: 0.01, maxDelay: 0.05, maxRetryAfter: 1, deadline: 0.3)))
        let started = Date()
        do {
            _ = try await api.call("DescribeBackendList")
            XCTFail("expected throttling")
        } catch let error as CloudAPIError {
            XCTAssertEqual(error.code, "Throttling.User")
            XCTAssertTrue(error.retryable)
            XCTAssertEqual(error.retryAfterMilliseconds, 10)
        }
        let elapsed = Date().timeIntervalSince(started)
        XCTAssertGreaterThan(throttled.server.totalRequests, 3, "throttling is retried past maxAttempts, until the deadline")
        XCTAssertLessThan(elapsed, 1.5, "and no longer than the deadline (0.3 s) and one wait: \(elapsed)")
    }
}
