// The BackendModel family of API Gateway operations (CloudAPI 2016-07-14).
// Imported from the official SDK's metadata by scripts/dev/import-catalog.py, then kept by hand.

extension Catalog {
    static let createBackendModel = Operation(
        "CreateBackendModel", .write,
        summary: "Creates a backend service configuration (backend model) for an environment.",
        docURL: "https://www.alibabacloud.com/help/en/api-gateway/traditional-api-gateway/developer-reference/api-cloudapi-2016-07-14-createbackendmodel",
        parameters: [
            .string("BackendId", required: true, ""),
            .json("BackendModelData", required: true, document: Catalog.backendConfig, "A JSON document describing the backend, e.g. {\"ServiceAddress\":\"http://10.0.0.1:8080\"}."),
            .string("BackendType", required: true, oneOf: Catalog.backendTypes, ""),
            .string("Description", ""),
            .string("StageName", required: true, oneOf: Catalog.stageNames, ""),
        ],
        response: [
            .string("BackendModelId", ""),
            .string("RequestId", ""),
        ],
        notes: [
            "BackendId: required here although the SDK metadata marks it optional: the docs disagree and the call cannot work without it.",
            "BackendModelData: required here although the SDK metadata marks it optional: the docs disagree and the call cannot work without it.",
            "BackendType: required here although the SDK metadata marks it optional: the docs disagree and the call cannot work without it.",
            "StageName: required here although the SDK metadata marks it optional: the docs disagree and the call cannot work without it.",
        ]
    )

    static let modifyBackendModel = Operation(
        "ModifyBackendModel", .write,
        summary: "Modifies the definition of a backend service in an environment; APIs that use it and are published in that environment are batch-updated wit",
        docURL: "https://www.alibabacloud.com/help/en/api-gateway/traditional-api-gateway/developer-reference/api-cloudapi-2016-07-14-modifybackendmodel",
        parameters: [
            .string("BackendId", ""),
            .json("BackendModelData", document: Catalog.backendConfig, "A JSON document describing the backend, e.g. {\"ServiceAddress\":\"http://10.0.0.1:8080\"}."),
            .string("BackendModelId", required: true, ""),
            .string("BackendType", oneOf: Catalog.backendTypes, ""),
            .string("Description", ""),
            .string("StageName", oneOf: Catalog.stageNames, ""),
        ],
        response: [
            .string("OperationId", ""),
            .string("RequestId", ""),
        ],
        notes: [
            "BackendModelId: required here although the SDK metadata marks it optional: the docs disagree and the call cannot work without it.",
        ]
    )

    static let deleteBackendModel = Operation(
        "DeleteBackendModel", .write,
        summary: "Deletes the definition of a backend service in an environment; APIs using it that are published in that environment are unpublished.",
        docURL: "https://www.alibabacloud.com/help/en/api-gateway/traditional-api-gateway/developer-reference/api-cloudapi-2016-07-14-deletebackendmodel",
        parameters: [
            .string("BackendId", "The ID of the backend service."),
            .string("BackendModelId", required: true, "The ID of the backend model."),
            .string("StageName", oneOf: Catalog.stageNames, "The name of the runtime environment."),
        ],
        response: [
            .string("OperationId", "The ID of the operation."),
            .string("RequestId", "The ID of the request."),
        ]
    )
}
