import CloudAPI
import XCTest

final class RequestEncoderTests: XCTestCase {
    private func encode(_ name: String, _ parameters: [String: Value]) throws -> [(String, String)] {
        try RequestEncoder.wireParameters(operation: XCTUnwrap(Catalog.operation(named: name)), parameters: parameters)
    }

    private func error(_ name: String, _ parameters: [String: Value]) -> ParameterError? {
        do { _ = try encode(name, parameters); XCTFail("\(name) \(parameters) was accepted"); return nil } catch {
            return error as? ParameterError
        }
    }

    // MARK: - Golden wire parameters

    func testGoldenWireParametersForEveryOperation() throws {
        XCTAssertEqual(Set(GoldenRequests.all.map(\.operation)), Set(Catalog.all.map(\.name)), "one case per operation")
        for golden in GoldenRequests.all {
            let wire = try encode(golden.operation, golden.parameters)
            XCTAssertEqual(wire.map(\.0), golden.wire.map(\.0), golden.operation)
            XCTAssertEqual(wire.map(\.1), golden.wire.map(\.1), golden.operation)
        }
    }

    func testDetachApiProductFlattensAndSortsLikeTheSDK() throws {
        let golden = try XCTUnwrap(GoldenRequests.all.first { $0.operation == "DetachApiProduct" })
        let wire = try encode(golden.operation, golden.parameters)
        XCTAssertTrue(wire.contains { $0 == ("Apis.11.StageName", "RELEASE") })
        // Canonical order sorts keys as plain strings: Apis.10.* and Apis.11.* before Apis.2.*.
        let canonical = SignerV3.canonicalQueryString(wire)
        XCTAssertTrue(canonical.hasPrefix("ApiProductId=p1&Apis.1.ApiId=api1&Apis.1.StageName=RELEASE&Apis.10.ApiId=api10"))
    }

    func testBackendModelDataIsAJSONStringEitherWay() throws {
        let asObject = try encode("ModifyBackendModel", [
            "BackendModelId": "m", "BackendModelData": ["ServiceTimeout": 3000, "ServiceAddress": "x\"y",
                                                        "MockConfig": ["MockHeaders": [["HeaderName": "h"]]]],
        ])
        XCTAssertEqual(asObject.first { $0.0 == "BackendModelData" }?.1,
                       #"{"MockConfig":{"MockHeaders":[{"HeaderName":"h"}]},"ServiceAddress":"x\"y","ServiceTimeout":3000}"#)
        let text = #"{ "ServiceAddress" : "http://h" }"#
        let asString = try encode("ModifyBackendModel", ["BackendModelId": "m", "BackendModelData": .string(text)])
        XCTAssertEqual(asString.first { $0.0 == "BackendModelData" }?.1, text, "a string is sent as is")
        XCTAssertEqual(
            error("ModifyBackendModel", ["BackendModelId": "m", "BackendModelData": "{not json"])?.kind, .invalid)
        XCTAssertEqual(error("ModifyBackendModel", ["BackendModelId": "m", "BackendModelData": 5])?.kind, .wrongType)
    }

    /// BackendModelData, as a table or as text, is checked against the catalog's BackendConfig shape
    /// (a misspelt ServiceAddress used to leave the model with no address at all); a raw one is not.
    func testBackendModelDataIsCheckedAgainstItsShape() throws {
        func refusal(_ data: Value) -> String? {
            error("CreateBackendModel", ["BackendId": "b", "BackendType": "HTTP", "StageName": "TEST",
                                         "BackendModelData": data])?.description
        }
        XCTAssertEqual(refusal(["ServiceAdress": "http://h"]),
                       "CreateBackendModel: unknown parameter BackendModelData.ServiceAdress (did you mean ServiceAddress?)")
        XCTAssertEqual(refusal(#"{"VpcConfig": {"VpcId": "v", "Prot": 80}}"#),
                       "CreateBackendModel: unknown parameter BackendModelData.VpcConfig.Prot (did you mean Port?)")
        XCTAssertEqual(refusal(["VpcConfig": ["Port": "eighty"]]),
                       "CreateBackendModel: BackendModelData.VpcConfig.Port: expected an integer (got string)")
        XCTAssertEqual(refusal(["MockConfig": ["MockHeaders": [["HeaderName": "h", "Colour": "red"]]]]),
                       "CreateBackendModel: BackendModelData.MockConfig.MockHeaders[1].Colour: not a field the catalog knows (a document it does not describe yet can be sent raw, unchecked)")
        XCTAssertEqual(refusal(#"[1, 2]"#), "CreateBackendModel: BackendModelData: expected an object (got array)")
        // The spellings the service accepts pass: a numeric string for an integer, "true" for a boolean.
        let lenient = #"{"ServiceAddress": "http://h", "ServiceTimeout": "3000", "FunctionComputeConfig": {"OnlyBusinessPath": "true"}}"#
        XCTAssertEqual(try encode("CreateBackendModel", ["BackendId": "b", "BackendType": "HTTP", "StageName": "TEST",
                                                         "BackendModelData": .string(lenient)]).first { $0.0 == "BackendModelData" }?.1, lenient)
        let raw = try encode("CreateBackendModel", ["BackendId": "b", "BackendType": "HTTP", "StageName": "TEST",
                                                    "BackendModelData": .object([JSONDocument.rawKey: #"{"NewField": 1}"#])])
        XCTAssertEqual(raw.first { $0.0 == "BackendModelData" }?.1, #"{"NewField": 1}"#, "raw text is sent as is")
        XCTAssertEqual(refusal(.object([JSONDocument.rawKey: "{nope"]))?.hasPrefix("CreateBackendModel: BackendModelData: expected a JSON document"), true)
    }

    func testNullIsAbsentAndOptionalEmptyListsSendNothing() throws {
        XCTAssertEqual(try encode("DescribeBackendList", ["BackendName": nil, "Tag": []]).count, 0)
        XCTAssertEqual(try encode("DescribeBackendList", ["Tag": .object([:])]).count, 0, "a Lua {} is an empty list")
    }

    // MARK: - Validation

    func testMissingRequiredParameter() {
        let e = error("CreateBackend", ["BackendType": "HTTP"])
        XCTAssertEqual(e?.description, "CreateBackend: missing required parameter BackendName")
        XCTAssertEqual(e?.code, "Moongate.InvalidParameter")
        XCTAssertEqual(e?.parameter, "BackendName")
        XCTAssertEqual(error("CreateBackend", ["BackendName": nil, "BackendType": "HTTP"])?.kind, .missing)
    }

    func testUnknownParameterSuggestsTheClosestName() {
        let e = error("CreateBackend", ["BackendNme": "x", "BackendType": "HTTP"])
        XCTAssertEqual(e?.description, "CreateBackend: unknown parameter BackendNme (did you mean BackendName?)")
        XCTAssertEqual(error("CreateBackend", ["backendname": "x"])?.suggestion, "BackendName")
        XCTAssertNil(error("CreateBackend", ["Zzzzzzzz": "x"])?.suggestion)
        let nested = error("AttachApiProduct", ["ApiProductId": "p", "Apis": [["ApiId": "a"], ["ApiId": "b", "Stage": "TEST"]]])
        XCTAssertEqual(nested?.description, "AttachApiProduct: unknown parameter Apis[2].Stage (did you mean StageName?)")
    }

    func testValueOutsideTheEnum() {
        let e = error("CreateBackend", ["BackendName": "x", "BackendType": "HTTPS"])
        XCTAssertEqual(e?.kind, .notAllowed)
        XCTAssertEqual(
            e?.description,
            #"CreateBackend: BackendType: expected one of HTTP, VPC, FC_EVENT, FC_EVENT_V3, FC_HTTP, FC_HTTP_V3, OSS, MOCK (got "HTTPS")"#)
        let nested = error("DetachApiProduct", ["ApiProductId": "p", "Apis": [["ApiId": "a", "StageName": "PROD"]]])
        XCTAssertEqual(nested?.parameter, "Apis[1].StageName")
        XCTAssertEqual(nested?.description, #"DetachApiProduct: Apis[1].StageName: expected one of RELEASE, PRE, TEST (got "PROD")"#)
    }

    func testWrongTypes() {
        XCTAssertEqual(error("DescribeBackendList", ["PageSize": "10"])?.description,
                       #"DescribeBackendList: PageSize: expected an integer (got string "10")"#)
        XCTAssertEqual(error("DescribeBackendList", ["PageSize": 2.5])?.description,
                       "DescribeBackendList: PageSize: expected an integer (got number 2.5)")
        XCTAssertEqual(error("CreateBackend", ["BackendName": 5, "BackendType": "HTTP"])?.kind, .wrongType)
        XCTAssertEqual(error("CreateBackend", ["BackendName": "x", "BackendType": "HTTP", "CreateSlr": "true"])?.description,
                       #"CreateBackend: CreateSlr: expected a boolean (got string "true")"#)
        XCTAssertEqual(error("AttachApiProduct", ["ApiProductId": "p", "Apis": ["ApiId": "a"]])?.description,
                       "AttachApiProduct: Apis: expected a list (got object)")
        XCTAssertEqual(error("AttachApiProduct", ["ApiProductId": "p", "Apis": ["a1"]])?.parameter, "Apis[1]")
        XCTAssertEqual(error("SetAppsAuthToApiProduct", ["ApiProductId": "p", "AppIds": [1, "2"]])?.parameter, "AppIds[2]")
        XCTAssertEqual(error("SetApiProductsAuthorities", ["ApiProductIds": "p1,p2", "AppId": 1])?.kind, .wrongType)
    }

    func testRequiredListsMustNotBeEmptyAndCommaJoinedItemsMustNotHoldCommas() {
        XCTAssertEqual(error("AttachApiProduct", ["ApiProductId": "p", "Apis": []])?.description,
                       "AttachApiProduct: Apis: expected at least one item (got none)")
        XCTAssertEqual(error("RemoveApiProductsAuthorities", ["ApiProductIds": ["a,b"], "AppId": 1])?.parameter,
                       "ApiProductIds[1]")
    }

    func testSuggestionDistance() {
        XCTAssertEqual(ParameterError(.unknown, operation: "X", parameter: "Y", problem: "").code, "Moongate.InvalidParameter")
        XCTAssertEqual(ParameterError(.unknownOperation, operation: "CreatBackend", parameter: "", problem: "",
                                      suggestion: "CreateBackend").description,
                       "unknown operation CreatBackend (did you mean CreateBackend?)")
    }
}
