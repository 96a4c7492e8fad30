import CloudAPI

/// One sample call per operation with the exact wire parameters the official SDK would send for
/// it (flattening per operations.json `_common.flattening`; booleans as `true`/`false`, which the
/// service accepts as the non-Python SDKs send them). Used by the encoder's golden test and by the
/// loopback test that signs and sends all 19 operations.
enum GoldenRequests {
    struct Case {
        let operation: String
        let parameters: [String: Value]
        let wire: [(String, String)]
    }

    static let all: [Case] = [
        Case(operation: "CreateBackend", parameters: [
            "BackendName": "orders api", "BackendType": "HTTP", "CreateSlr": true, "Description": "测试 a*b~c/d",
            "Tag": [["Key": "env", "Value": "dev"], ["Key": "team", "Value": "pay"]],
        ], wire: [
            ("BackendName", "orders api"), ("BackendType", "HTTP"), ("CreateSlr", "true"), ("Description", "测试 a*b~c/d"),
            ("Tag.1.Key", "env"), ("Tag.1.Value", "dev"), ("Tag.2.Key", "team"), ("Tag.2.Value", "pay"),
        ]),
        Case(operation: "DescribeBackendInfo", parameters: ["BackendId": "b1"], wire: [("BackendId", "b1")]),
        Case(operation: "DescribeBackendList", parameters: [
            "BackendName": "orders", "BackendType": "VPC", "PageNumber": 2, "PageSize": 50.0,
            "Tag": [["Key": "env"]],
        ], wire: [
            ("BackendName", "orders"), ("BackendType", "VPC"), ("PageNumber", "2"), ("PageSize", "50"), ("Tag.1.Key", "env"),
        ]),
        Case(operation: "ModifyBackend", parameters: [
            "BackendId": "b1", "BackendName": "n", "BackendType": "MOCK", "Description": "",
        ], wire: [("BackendId", "b1"), ("BackendName", "n"), ("BackendType", "MOCK"), ("Description", "")]),
        Case(operation: "DeleteBackend", parameters: ["BackendId": "b1"], wire: [("BackendId", "b1")]),
        Case(operation: "DescribeApisByBackend", parameters: [
            "BackendId": "b1", "StageName": "RELEASE", "PageSize": 10,
        ], wire: [("BackendId", "b1"), ("PageSize", "10"), ("StageName", "RELEASE")]),
        Case(operation: "DescribeUpdateBackendTask", parameters: ["OperationUid": "op-1"], wire: [("OperationUid", "op-1")]),
        Case(operation: "CreateBackendModel", parameters: [
            "BackendId": "b1", "BackendType": "HTTP", "StageName": "TEST",
            "BackendModelData": ["ServiceAddress": "http://10.0.0.1:8080", "ServiceTimeout": 3000],
        ], wire: [
            ("BackendId", "b1"), ("BackendModelData", #"{"ServiceAddress":"http://10.0.0.1:8080","ServiceTimeout":3000}"#),
            ("BackendType", "HTTP"), ("StageName", "TEST"),
        ]),
        Case(operation: "ModifyBackendModel", parameters: [
            "BackendModelId": "m1", "BackendModelData": #"{"ServiceAddress":"http://h:1"}"#, "StageName": "PRE",
        ], wire: [
            ("BackendModelData", #"{"ServiceAddress":"http://h:1"}"#), ("BackendModelId", "m1"), ("StageName", "PRE"),
        ]),
        Case(operation: "DeleteBackendModel", parameters: ["BackendId": "b1", "BackendModelId": "m1", "StageName": "RELEASE"],
             wire: [("BackendId", "b1"), ("BackendModelId", "m1"), ("StageName", "RELEASE")]),
        Case(operation: "AttachApiProduct", parameters: [
            "ApiProductId": "p1", "Apis": [["ApiId": "a1", "StageName": "RELEASE"], ["ApiId": "a2", "StageName": "TEST"]],
        ], wire: [
            ("ApiProductId", "p1"), ("Apis.1.ApiId", "a1"), ("Apis.1.StageName", "RELEASE"),
            ("Apis.2.ApiId", "a2"), ("Apis.2.StageName", "TEST"),
        ]),
        Case(operation: "DetachApiProduct", parameters: [
            "ApiProductId": "p1",
            "Apis": .array((1...11).map { (i: Int) -> Value in ["ApiId": .string("api\(i)"), "StageName": "RELEASE"] }),
        ], wire: [("ApiProductId", "p1")] + (1...11).flatMap { (i: Int) -> [(String, String)] in
            [("Apis.\(i).ApiId", "api\(i)"), ("Apis.\(i).StageName", "RELEASE")]
        }),
        Case(operation: "DeleteApiProduct", parameters: ["ApiProductId": "p1"], wire: [("ApiProductId", "p1")]),
        Case(operation: "DescribeApiProductApis", parameters: ["ApiProductId": "p1", "PageNumber": 1],
             wire: [("ApiProductId", "p1"), ("PageNumber", "1")]),
        Case(operation: "DescribeApiProductsByApp", parameters: ["AppId": 110840611],
             wire: [("AppId", "110840611")]),
        Case(operation: "DescribeAppsByApiProduct", parameters: ["ApiProductId": "p1", "AppName": "my app"],
             wire: [("ApiProductId", "p1"), ("AppName", "my app")]),
        Case(operation: "SetApiProductsAuthorities", parameters: [
            "ApiProductIds": ["p1", "p2"], "AppId": 9007199254740993, "AuthValidTime": "2024-12-31T16:00:00Z",
            "Description": "auth for test",
        ], wire: [
            ("ApiProductIds", "p1,p2"), ("AppId", "9007199254740993"), ("AuthValidTime", "2024-12-31T16:00:00Z"),
            ("Description", "auth for test"),
        ]),
        Case(operation: "RemoveApiProductsAuthorities", parameters: ["ApiProductIds": ["p1"], "AppId": 7],
             wire: [("ApiProductIds", "p1"), ("AppId", "7")]),
        Case(operation: "SetAppsAuthToApiProduct", parameters: [
            "ApiProductId": "p1", "AppIds": [110840611, 110840612], "Description": "x+y=z&w",
        ], wire: [
            ("ApiProductId", "p1"), ("AppIds.1", "110840611"), ("AppIds.2", "110840612"), ("Description", "x+y=z&w"),
        ]),
    ]
}
