// The Backend family of API Gateway operations (CloudAPI 2016-07-14).
// Imported from the official SDK's metadata by scripts/dev/import-catalog.py, then kept by hand.

extension Catalog {
    static let createBackend = Operation(
        "CreateBackend", .write,
        summary: "Creates a backend service in API Gateway.",
        docURL: "https://www.alibabacloud.com/help/en/api-gateway/traditional-api-gateway/developer-reference/api-cloudapi-2016-07-14-createbackend",
        parameters: [
            .string("BackendName", required: true, "The name of the backend service."),
            .string("BackendType", required: true, oneOf: Catalog.backendTypes, "The type of the backend service."),
            .boolean("CreateEventBridgeServiceLinkedRole", "Specifies to create a EventBridge service-linked role."),
            .boolean("CreateSlr", "Specifies to create a service-linked role."),
            .string("Description", "The description."),
            .repeatList("Tag", of: [
                .string("Key", "The key of the tag."),
                .string("Value", "The value of the tag."),
            ], "The tag of objects that match the rule."),
        ],
        response: [
            .string("BackendId", "The ID of the backend service."),
            .string("RequestId", "The ID of the request."),
        ]
    )

    static let describeBackendInfo = Operation(
        "DescribeBackendInfo", .read,
        summary: "Queries the information about a backend service and its URL configured for each environment.",
        docURL: "https://www.alibabacloud.com/help/en/api-gateway/traditional-api-gateway/developer-reference/api-cloudapi-2016-07-14-describebackendinfo",
        parameters: [
            .string("BackendId", required: true, "The ID of the backend service."),
        ],
        response: [
            .object("BackendInfo", [
                .string("BackendId", "The ID of the backend service."),
                .list("BackendModels", of: [
                    .object("BackendConfig", Catalog.backendConfig, "The backend service configurations."),
                    .string("BackendModelId", "The ID of the backend service in the environment."),
                    .string("Description", "The description of the backend service."),
                    .string("GmtCreate", "The time when the backend service was created."),
                    .string("GmtModified", "The time when the backend service was modified."),
                    .string("StageModeId", "The ID of the environment."),
                    .string("StageName", "The environment name."),
                ], "The configurations of the backend service in the environment."),
                .string("BackendName", "The name of the backend service."),
                .string("BackendType", "The type of the backend service."),
                .string("CreatedTime", "The time when the backend service was created."),
                .string("Description", "The description of the backend service."),
                .string("ModifiedTime", "The time when the backend service was modified."),
            ], "The information about the backend service."),
            .string("RequestId", "The ID of the request."),
        ],
        notes: [
            "BackendId: required here although the SDK metadata marks it optional: the docs disagree and the call cannot work without it.",
        ]
    )

    static let describeBackendList = Operation(
        "DescribeBackendList", .read,
        summary: "Queries backend services.",
        docURL: "https://www.alibabacloud.com/help/en/api-gateway/traditional-api-gateway/developer-reference/api-cloudapi-2016-07-14-describebackendlist",
        parameters: [
            .string("BackendName", "The name of the backend service."),
            .string("BackendType", oneOf: Catalog.backendTypes, "The type of the backend service."),
            .integer("PageNumber", "The number of the current page."),
            .integer("PageSize", "The number of entries to return on each page."),
            .repeatList("Tag", of: [
                .string("Key", "The key of the tag."),
                .string("Value", "The value of the tag."),
            ], "The list of the tag."),
        ],
        response: [
            .list("BackendInfoList", of: [
                .string("BackendId", "The ID of the backend service."),
                .string("BackendName", "The name of the backend service."),
                .string("BackendType", "The type of the backend service."),
                .string("CreatedTime", "The time when the backend service was created."),
                .string("Description", "The description of the backend service."),
                .string("ModifiedTime", "The time when the backend service was modified."),
                .list("Tags", of: [
                    .string("Key", "The name of the tag."),
                    .string("Value", "The value of the tag."),
                ], "The list of tags."),
            ], "The backend services."),
        ] + Catalog.backendPageFields,
        paging: .init(itemsPath: ["BackendInfoList"])
    )

    static let modifyBackend = Operation(
        "ModifyBackend", .write,
        summary: "Modifies a backend service (name, description).",
        docURL: "https://www.alibabacloud.com/help/en/api-gateway/traditional-api-gateway/developer-reference/api-cloudapi-2016-07-14-modifybackend",
        parameters: [
            .string("BackendId", required: true, ""),
            .string("BackendName", required: true, ""),
            .string("BackendType", required: true, oneOf: Catalog.backendTypes, ""),
            .string("Description", ""),
        ],
        response: [
            .string("RequestId", ""),
        ]
    )

    static let deleteBackend = Operation(
        "DeleteBackend", .write,
        summary: "Deletes a backend service.",
        docURL: "https://www.alibabacloud.com/help/en/api-gateway/traditional-api-gateway/developer-reference/api-cloudapi-2016-07-14-deletebackend",
        parameters: [
            .string("BackendId", required: true, "The ID of the backend service."),
        ],
        response: [
            .string("RequestId", "The ID of the request."),
        ],
        notes: [
            "BackendId: required here although the SDK metadata marks it optional: the docs disagree and the call cannot work without it.",
        ]
    )

    static let describeApisByBackend = Operation(
        "DescribeApisByBackend", .read,
        summary: "Queries the APIs that use a backend service.",
        docURL: "https://www.alibabacloud.com/help/en/api-gateway/traditional-api-gateway/developer-reference/api-cloudapi-2016-07-14-describeapisbybackend",
        parameters: [
            .string("BackendId", required: true, "The ID of the backend service."),
            .integer("PageNumber", "The number of the current page."),
            .integer("PageSize", "The number of entries to return on each page."),
            .string("StageName", oneOf: Catalog.stageNames, "The environment to which the API is published."),
        ],
        response: [
            .object("ApiInfoList", [
                .list("ApiInfo", of: Catalog.apiInfoFields, ""),
            ], ""),
        ] + Catalog.backendPageFields,
        paging: .init(itemsPath: ["ApiInfoList", "ApiInfo"])
    )

    static let describeUpdateBackendTask = Operation(
        "DescribeUpdateBackendTask", .read,
        summary: "Queries the update tasks of a backend service (the asynchronous batch update of APIs after ModifyBackendModel/DeleteBackendModel).",
        docURL: "https://www.alibabacloud.com/help/en/api-gateway/traditional-api-gateway/developer-reference/api-cloudapi-2016-07-14-describeupdatebackendtask",
        parameters: [
            .string("OperationUid", required: true, ""),
        ],
        response: [
            .object("ApiUpdateBackendResults", [
                .list("ApiUpdateBackendResult", of: [
                    .string("ApiName", ""),
                    .string("ApiUid", ""),
                    .string("BackendId", ""),
                    .string("ErrorMsg", ""),
                    .string("GroupId", ""),
                    .string("GroupName", ""),
                    .string("StageId", ""),
                    .string("StageName", ""),
                    .string("UpdateStatus", ""),
                ], ""),
            ], ""),
            .string("RequestId", ""),
        ]
    )

    // MARK: - Lists the paged operations above share

    /// The paging fields of every paged Backend response, as this family's docs word them.
    static let backendPageFields: [Field] = [
        .integer("PageNumber", "The number of the current page."),
        .integer("PageSize", "The number of entries returned on each page."),
        .string("RequestId", "The ID of the request."),
        .integer("TotalCount", "The total number of entries returned."),
    ]

    /// An API as DescribeApisByBackend lists it; DescribeApiProductApis adds RegionId and StageName.
    static let apiInfoFields: [Field] = [
        .string("ApiId", ""),
        .string("ApiName", ""),
        .string("Description", ""),
        .string("GroupId", ""),
        .string("GroupName", ""),
        .string("Method", ""),
        .string("Path", ""),
    ]
}
