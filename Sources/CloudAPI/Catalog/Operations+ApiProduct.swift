// The ApiProduct family of API Gateway operations (CloudAPI 2016-07-14).
// Imported from the official SDK's metadata by scripts/dev/import-catalog.py, then kept by hand.

extension Catalog {
    static let attachApiProduct = Operation(
        "AttachApiProduct", .write,
        summary: "Attaches APIs to an API product (creates the product if it does not exist).",
        docURL: "https://www.alibabacloud.com/help/en/api-gateway/traditional-api-gateway/developer-reference/api-cloudapi-2016-07-14-attachapiproduct",
        parameters: [
            .string("ApiProductId", required: true, "The ID of the API product."),
            .repeatList("Apis", of: [
                .string("ApiId", "The API ID."),
                .string("StageName", oneOf: Catalog.stageNames, "The environment."),
            ], required: true, "The APIs to be attached."),
        ],
        response: [
            .string("RequestId", "The request ID."),
        ]
    )

    static let detachApiProduct = Operation(
        "DetachApiProduct", .write,
        summary: "Detaches APIs from an API product.",
        docURL: "https://www.alibabacloud.com/help/en/api-gateway/traditional-api-gateway/developer-reference/api-cloudapi-2016-07-14-detachapiproduct",
        parameters: [
            .string("ApiProductId", required: true, "The ID of the API product."),
            .repeatList("Apis", of: [
                .string("ApiId", "The API ID."),
                .string("StageName", oneOf: Catalog.stageNames, "The environment to which the API is published."),
            ], required: true, "The APIs that you want to detach from the API product."),
        ],
        response: [
            .string("RequestId", "The request ID."),
        ]
    )

    static let deleteApiProduct = Operation(
        "DeleteApiProduct", .write,
        summary: "Deletes an API product.",
        docURL: "https://www.alibabacloud.com/help/en/api-gateway/traditional-api-gateway/developer-reference/api-cloudapi-2016-07-14-deleteapiproduct",
        parameters: [
            .string("ApiProductId", required: true, "The ID of the API product."),
        ],
        response: [
            .string("RequestId", "The request ID."),
        ]
    )

    static let describeApiProductApis = Operation(
        "DescribeApiProductApis", .read,
        summary: "Queries the APIs that are attached to an API product.",
        docURL: "https://www.alibabacloud.com/help/en/api-gateway/traditional-api-gateway/developer-reference/api-cloudapi-2016-07-14-describeapiproductapis",
        parameters: [
            .string("ApiProductId", required: true, "The ID of the API product."),
            .integer("PageNumber", "The number of the page to return."),
            .integer("PageSize", "The number of entries per page."),
        ],
        response: [
            .object("ApiInfoList", [
                .list("ApiInfo", of: Catalog.apiInfoFields + [
                    .string("RegionId", ""),
                    .string("StageName", ""),
                ], ""),
            ], ""),
        ] + Catalog.apiProductPageFields,
        paging: .init(itemsPath: ["ApiInfoList", "ApiInfo"])
    )

    static let describeApiProductsByApp = Operation(
        "DescribeApiProductsByApp", .read,
        summary: "Queries the API products that an application is authorized to call.",
        docURL: "https://www.alibabacloud.com/help/en/api-gateway/traditional-api-gateway/developer-reference/api-cloudapi-2016-07-14-describeapiproductsbyapp",
        parameters: [
            .integer("AppId", required: true, "The application ID."),
            .integer("PageNumber", "The number of the page to return."),
            .integer("PageSize", "The number of entries per page."),
        ],
        response: [
            .object("ApiProductInfoList", [
                .list("ApiProductInfo", of: [
                    .string("ApiProductId", ""),
                ], ""),
            ], ""),
        ] + Catalog.apiProductPageFields,
        paging: .init(itemsPath: ["ApiProductInfoList", "ApiProductInfo"])
    )

    static let describeAppsByApiProduct = Operation(
        "DescribeAppsByApiProduct", .read,
        summary: "Queries the applications that are authorized to call an API product.",
        docURL: "https://www.alibabacloud.com/help/en/api-gateway/traditional-api-gateway/developer-reference/api-cloudapi-2016-07-14-describeappsbyapiproduct",
        parameters: [
            .string("ApiProductId", required: true, "The ID of the API product."),
            .string("AppName", "The application name."),
            .integer("PageNumber", "The number of the page to return."),
            .integer("PageSize", "The number of entries per page."),
        ],
        response: [
            .object("AuthorizedApps", [
                .list("AuthorizedApp", of: [
                    .integer("AppId", ""),
                    .string("AppName", ""),
                    .string("AuthValidTime", ""),
                    .string("AuthorizedTime", ""),
                    .string("Description", ""),
                    .string("Extend", ""),
                ], ""),
            ], ""),
        ] + Catalog.apiProductPageFields,
        paging: .init(itemsPath: ["AuthorizedApps", "AuthorizedApp"])
    )

    static let setApiProductsAuthorities = Operation(
        "SetApiProductsAuthorities", .write,
        summary: "Authorizes an application to call multiple API products.",
        docURL: "https://www.alibabacloud.com/help/en/api-gateway/traditional-api-gateway/developer-reference/api-cloudapi-2016-07-14-setapiproductsauthorities",
        parameters: [
            .commaJoined("ApiProductIds", of: .string, required: true, "The API products."),
            .integer("AppId", required: true, "The application ID."),
            .string("AuthValidTime", "授权有效时间的截止时间，请设置格林尼治标准时间(GMT), 如果为空，即为授权永久有效。"),
            .string("Description", "The authorization description."),
        ],
        response: [
            .string("RequestId", "The request ID."),
        ]
    )

    static let removeApiProductsAuthorities = Operation(
        "RemoveApiProductsAuthorities", .write,
        summary: "Revokes the permissions of an application to call API products.",
        docURL: "https://www.alibabacloud.com/help/en/api-gateway/traditional-api-gateway/developer-reference/api-cloudapi-2016-07-14-removeapiproductsauthorities",
        parameters: [
            .commaJoined("ApiProductIds", of: .string, required: true, "The API products."),
            .integer("AppId", required: true, "The application ID."),
        ],
        response: [
            .string("RequestId", "The request ID."),
        ]
    )

    static let setAppsAuthToApiProduct = Operation(
        "SetAppsAuthToApiProduct", .write,
        summary: "Authorizes applications to call an API product.",
        docURL: "https://www.alibabacloud.com/help/en/api-gateway/traditional-api-gateway/developer-reference/api-cloudapi-2016-07-14-setappsauthtoapiproduct",
        parameters: [
            .string("ApiProductId", required: true, "The ID of the API product."),
            .repeatList("AppIds", of: .integer, required: true, "The IDs of the applications that you want to authorize."),
            .string("AuthValidTime", "The time (UTC) when the authorization expires."),
            .string("Description", "The description of the authorization."),
        ],
        response: [
            .string("RequestId", "The request ID."),
        ]
    )

    // MARK: - Lists the paged operations above share

    /// The paging fields of every paged ApiProduct response, as this family's docs word them.
    static let apiProductPageFields: [Field] = [
        .integer("PageNumber", "The page number."),
        .integer("PageSize", "The number of entries per page."),
        .string("RequestId", "The request ID."),
        .integer("TotalCount", "The total number of returned entries."),
    ]
}
