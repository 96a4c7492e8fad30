// API products and app authorizations over real HTTP.

import CloudAPI
import Emulator
import XCTest

final class ApiProductRulesTests: EmulatorTestCase {

    func testAttachCreatesTheProductThenDetachAndDelete() async throws {
        try await emulator.refused("NotFoundApiProduct", "DescribeApiProductApis", [("ApiProductId", "p1")], status: 400)
        try await emulator.ok("AttachApiProduct", [("ApiProductId", "p1"),
                                                   ("Apis.1.ApiId", TestSeed.listOrders), ("Apis.1.StageName", "RELEASE"),
                                                   ("Apis.2.ApiId", TestSeed.listOrders), ("Apis.2.StageName", "TEST"),
                                                   ("Apis.3.ApiId", TestSeed.getOrder), ("Apis.3.StageName", "RELEASE")])
        var apis = try await emulator.ok("DescribeApiProductApis", [("ApiProductId", "p1")])
        XCTAssertEqual(apis["TotalCount"], 3)
        let first = try XCTUnwrap(apis["ApiInfoList"]?["ApiInfo"]?[0])
        XCTAssertEqual(first["ApiName"], "ListOrders")
        XCTAssertEqual(first["GroupName"], "shop")
        XCTAssertEqual(first["RegionId"], "cn-shanghai")
        XCTAssertEqual(first["Method"], "GET")

        // Attaching again changes nothing; an unknown API is refused and nothing is attached.
        try await emulator.ok("AttachApiProduct", [("ApiProductId", "p1"), ("Apis.1.ApiId", TestSeed.getOrder),
                                                   ("Apis.1.StageName", "RELEASE")])
        try await emulator.refused("NotFoundApi", "AttachApiProduct", [("ApiProductId", "p1"),
                                                                       ("Apis.1.ApiId", TestSeed.health), ("Apis.1.StageName", "PRE"),
                                                                       ("Apis.2.ApiId", "nope"), ("Apis.2.StageName", "PRE")])
        try await emulator.refused("MissingParameter", "AttachApiProduct", [("ApiProductId", "p1"), ("Apis.1.ApiId", TestSeed.health)])
        try await emulator.refused("InvalidParameter", "AttachApiProduct", [("ApiProductId", "p1"),
                                                                            ("Apis.1.ApiId", TestSeed.health), ("Apis.1.StageName", "DEV")])
        apis = try await emulator.ok("DescribeApiProductApis", [("ApiProductId", "p1"), ("PageSize", "2"), ("PageNumber", "2")])
        XCTAssertEqual(apis["TotalCount"], 3)
        XCTAssertEqual(apis["ApiInfoList"]?["ApiInfo"]?.arrayValue?.count, 1)

        try await emulator.ok("DetachApiProduct", [("ApiProductId", "p1"), ("Apis.1.ApiId", TestSeed.listOrders),
                                                   ("Apis.1.StageName", "TEST")])
        apis = try await emulator.ok("DescribeApiProductApis", [("ApiProductId", "p1")])
        XCTAssertEqual(apis["TotalCount"], 2)
        try await emulator.refused("NotFoundApiProduct", "DetachApiProduct", [("ApiProductId", "p2"),
                                                                              ("Apis.1.ApiId", TestSeed.listOrders),
                                                                              ("Apis.1.StageName", "TEST")])
        try await emulator.ok("DeleteApiProduct", [("ApiProductId", "p1")])
        try await emulator.refused("NotFoundApiProduct", "DeleteApiProduct", [("ApiProductId", "p1")])
    }

    func testAuthorizingAppsOnProducts() async throws {
        try await emulator.ok("AttachApiProduct", [("ApiProductId", "p-a"), ("Apis.1.ApiId", TestSeed.health),
                                                   ("Apis.1.StageName", "RELEASE")])
        try await emulator.ok("SetApiProductsAuthorities", [("ApiProductIds", "p-a,prod-seeded"), ("AppId", "110840611"),
                                                            ("Description", "both")])
        var products = try await emulator.ok("DescribeApiProductsByApp", [("AppId", "110840611")])
        XCTAssertEqual(products["ApiProductInfoList"]?["ApiProductInfo"], [["ApiProductId": "p-a"], ["ApiProductId": "prod-seeded"]])

        try await emulator.ok("SetAppsAuthToApiProduct", [("ApiProductId", "p-a"), ("AppIds.1", "110840612"),
                                                          ("AuthValidTime", "2030-01-01T00:00:00Z")])
        var apps = try await emulator.ok("DescribeAppsByApiProduct", [("ApiProductId", "p-a")])
        XCTAssertEqual(apps["TotalCount"], 2)
        let portal = try XCTUnwrap(apps["AuthorizedApps"]?["AuthorizedApp"]?.arrayValue?.first { $0["AppId"] == 110840612 })
        XCTAssertEqual(portal["AppName"], "portal")
        XCTAssertEqual(portal["AuthValidTime"], "2030-01-01T00:00:00Z")
        apps = try await emulator.ok("DescribeAppsByApiProduct", [("ApiProductId", "p-a"), ("AppName", "mobile")])
        XCTAssertEqual(apps["TotalCount"], 1)
        XCTAssertEqual(apps["AuthorizedApps"]?["AuthorizedApp"]?[0]?["Description"], "both")

        try await emulator.ok("RemoveApiProductsAuthorities", [("ApiProductIds", "p-a"), ("AppId", "110840611")])
        products = try await emulator.ok("DescribeApiProductsByApp", [("AppId", "110840611")])
        XCTAssertEqual(products["TotalCount"], 1)

        try await emulator.refused("NotFoundApp", "DescribeApiProductsByApp", [("AppId", "42")], status: 400)
        try await emulator.refused("NotFoundApp", "SetAppsAuthToApiProduct", [("ApiProductId", "p-a"), ("AppIds.1", "42")])
        try await emulator.refused("NotFoundApiProduct", "SetApiProductsAuthorities", [("ApiProductIds", "p-a,ghost"),
                                                                                       ("AppId", "110840612")])
        try await emulator.refused("InvalidParameter", "DescribeApiProductsByApp", [("AppId", "abc")])

        // Deleting a product takes its authorizations with it.
        try await emulator.ok("DeleteApiProduct", [("ApiProductId", "p-a")])
        products = try await emulator.ok("DescribeApiProductsByApp", [("AppId", "110840612")])
        XCTAssertEqual(products["ApiProductInfoList"]?["ApiProductInfo"], [["ApiProductId": "prod-seeded"]])
    }
}
