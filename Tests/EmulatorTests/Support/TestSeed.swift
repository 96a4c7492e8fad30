// The seed the tests use: one group, a seeded backend used by two APIs, a third API, two apps.

import Emulator

enum TestSeed {
    static let backendId = "0d105f80a8f340408bd34954d4e4ff22"
    static let listOrders = "3b81fd160f5645e097cc8855d75a1cf6"
    static let getOrder = "4c92fe271a6756f1a8dd9966e86b2d07"
    static let health = "5da30f382b7867a2b9eea077f97c3e18"

    static let sample = EmulatorSeed(
        Groups: [.init(GroupId: "g-shop", GroupName: "shop", RegionId: "cn-shanghai")],
        Apis: [
            .init(ApiId: listOrders, ApiName: "ListOrders", GroupId: "g-shop", Method: "GET", Path: "/orders",
                  Description: "List orders", Stages: ["RELEASE", "TEST"], StageName: nil, BackendId: backendId),
            .init(ApiId: getOrder, ApiName: "GetOrder", GroupId: "g-shop", Method: "GET", Path: "/orders/[id]",
                  Description: nil, Stages: nil, StageName: "RELEASE", BackendId: backendId),
            .init(ApiId: health, ApiName: "Health", GroupId: "g-shop", Method: "GET", Path: "/health",
                  Description: nil, Stages: ["RELEASE", "PRE", "TEST"], StageName: nil, BackendId: nil),
        ],
        Apps: [.init(AppId: 110840611, AppName: "mobile", Description: "phone", Extend: nil),
               .init(AppId: 110840612, AppName: "portal", Description: nil, Extend: nil)],
        Backends: [.init(BackendId: backendId, BackendName: "orders-service", BackendType: "HTTP", Description: nil, Tags: nil)],
        ApiProducts: [.init(ApiProductId: "prod-seeded", Apis: [.init(ApiId: health, StageName: "RELEASE")], AppIds: [110840612])])
}
