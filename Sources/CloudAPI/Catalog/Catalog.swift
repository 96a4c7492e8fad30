/// The one description of every API Gateway operation Moongate knows (CloudAPI 2016-07-14).
///
/// It drives request validation and wire encoding, the Lua method names, `moongate describe`, the
/// LuaLS stubs, the emulator's parameter checks and dry-run's synthetic responses. Adding an
/// operation is one new `Operation` entry in an `Operations+Family.swift` file, listed in `all`.
///
/// ```swift
/// let op = Catalog.operation(named: "CreateBackend")
/// op?.parameter(named: "BackendType")?.allowedValues   // ["HTTP", "VPC", …]
/// ```
public enum Catalog {
    public static let product = "CloudAPI"
    public static let apiVersion = "2016-07-14"

    /// Backend types the service accepts (CreateBackend docs; the SDK does not enumerate them).
    public static let backendTypes = ["HTTP", "VPC", "FC_EVENT", "FC_EVENT_V3", "FC_HTTP", "FC_HTTP_V3", "OSS", "MOCK"]
    /// The environments an API or backend model is published to.
    public static let stageNames = ["RELEASE", "PRE", "TEST"]

    /// Every operation, in the order of the service's docs: backends, backend models, API products.
    public static let all: [Operation] = [
        createBackend, describeBackendInfo, describeBackendList, modifyBackend, deleteBackend,
        describeApisByBackend, describeUpdateBackendTask,
        createBackendModel, modifyBackendModel, deleteBackendModel,
        attachApiProduct, detachApiProduct, deleteApiProduct, describeApiProductApis,
        describeApiProductsByApp, describeAppsByApiProduct, setApiProductsAuthorities,
        removeApiProductsAuthorities, setAppsAuthToApiProduct,
    ]

    private static let byName: [String: Operation] = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })
    private static let bySnakeCaseName: [String: Operation] =
        Dictionary(uniqueKeysWithValues: all.map { ($0.snakeCaseName, $0) })

    /// The operation with this API name (`"CreateBackend"`), or nil.
    public static func operation(named name: String) -> Operation? { byName[name] }

    /// The operation with this snake_case method name (`"create_backend"`), or nil.
    public static func operation(snakeCaseName name: String) -> Operation? { bySnakeCaseName[name] }
}

extension Catalog {
    /// The operation with this API name (`CreateBackend`) or method name (`create_backend`), or the
    /// error every caller shows: `unknown operation CreatBackend (did you mean CreateBackend?)`.
    public static func operation(lookingUp name: String) throws -> Operation {
        if let operation = operation(named: name) ?? operation(snakeCaseName: name) { return operation }
        throw ParameterError(
            .unknownOperation, operation: name, parameter: "", problem: "is not an operation",
            suggestion: NameSuggestion.closest(to: name, among: all.map(\.name)))
    }
}
