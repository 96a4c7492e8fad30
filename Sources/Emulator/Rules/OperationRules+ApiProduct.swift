// ===----------------------------------------------------------------------===
// API products: (ApiId, StageName) attachments and the apps authorized to call a product.
// AttachApiProduct creates the product when it does not exist yet, as the service does.
// ===----------------------------------------------------------------------===

import CloudAPI
import GRDB

extension OperationRules {
    func attachApiProduct(_ p: RequestParameters) async throws -> ResponseFields {
        let productId = try p.required("ApiProductId")
        let pairs = try Self.apiStagePairs(p)
        let now = clock.timestamp()
        try await store.write { db in
            for (apiId, _) in pairs { try Self.requireApi(db, apiId) }
            try db.execute(sql: "INSERT OR IGNORE INTO api_product(id, created) VALUES (?, ?)", arguments: [productId, now])
            for (apiId, stage) in pairs {
                try db.execute(sql: "INSERT OR IGNORE INTO product_api(product_id, api_id, stage, attached) VALUES (?, ?, ?, ?)",
                               arguments: [productId, apiId, stage, now])
            }
        }
        return [:]
    }

    func detachApiProduct(_ p: RequestParameters) async throws -> ResponseFields {
        let productId = try p.required("ApiProductId")
        let pairs = try Self.apiStagePairs(p)
        try await store.write { db in
            try Self.requireProduct(db, productId)
            for (apiId, stage) in pairs {
                try db.execute(sql: "DELETE FROM product_api WHERE product_id = ? AND api_id = ? AND stage = ?",
                               arguments: [productId, apiId, stage])
            }
        }
        return [:]
    }

    /// Deleting a product removes its attachments and authorizations with it (foreign-key cascade).
    func deleteApiProduct(_ p: RequestParameters) async throws -> ResponseFields {
        let productId = try p.required("ApiProductId")
        try await store.write { db in
            try Self.requireProduct(db, productId)
            try db.execute(sql: "DELETE FROM api_product WHERE id = ?", arguments: [productId])
        }
        return [:]
    }

    func describeApiProductApis(_ p: RequestParameters) async throws -> ResponseFields {
        let productId = try p.required("ApiProductId")
        let page = try Page(p)
        return try await store.read { db in
            try Self.requireProduct(db, productId)
            let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM product_api WHERE product_id = ?",
                                         arguments: [productId]) ?? 0
            let rows = try Row.fetchAll(db, sql: """
                SELECT pa.api_id, pa.stage, COALESCE(a.name, '') AS name, COALESCE(a.description, '') AS description,
                       COALESCE(a.group_id, '') AS group_id, COALESCE(g.name, '') AS group_name,
                       COALESCE(a.method, '') AS method, COALESCE(a.path, '') AS path,
                       COALESCE(g.region, 'cn-hangzhou') AS region
                FROM product_api pa LEFT JOIN api a ON a.id = pa.api_id LEFT JOIN api_group g ON g.id = a.group_id
                WHERE pa.product_id = ? ORDER BY pa.api_id, pa.stage LIMIT ? OFFSET ?
                """, arguments: [productId, page.size, page.offset])
            let items: [Value] = rows.map { row in
                .object(["ApiId": .string(row["api_id"]), "ApiName": .string(row["name"]),
                         "Description": .string(row["description"]), "GroupId": .string(row["group_id"]),
                         "GroupName": .string(row["group_name"]), "Method": .string(row["method"]),
                         "Path": .string(row["path"]), "RegionId": .string(row["region"]),
                         "StageName": .string(row["stage"])])
            }
            return page.fields(total: total).merging(["ApiInfoList": .object(["ApiInfo": .array(items)])]) { $1 }
        }
    }

    func describeApiProductsByApp(_ p: RequestParameters) async throws -> ResponseFields {
        let appId = p.int("AppId")!
        let page = try Page(p)
        return try await store.read { db in
            try Self.requireApp(db, appId)
            let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM app_authorization WHERE app_id = ?",
                                         arguments: [appId]) ?? 0
            let ids = try String.fetchAll(db, sql: """
                SELECT product_id FROM app_authorization WHERE app_id = ? ORDER BY product_id LIMIT ? OFFSET ?
                """, arguments: [appId, page.size, page.offset])
            let items: [Value] = ids.map { .object(["ApiProductId": .string($0)]) }
            return page.fields(total: total).merging(["ApiProductInfoList": .object(["ApiProductInfo": .array(items)])]) { $1 }
        }
    }

    func describeAppsByApiProduct(_ p: RequestParameters) async throws -> ResponseFields {
        let productId = try p.required("ApiProductId")
        let page = try Page(p)
        let appName = p.string("AppName")
        return try await store.read { db in
            try Self.requireProduct(db, productId)
            let nameFilter = appName == nil ? "" : "AND a.name = ?"
            var arguments: StatementArguments = [productId]
            if let appName { arguments += [appName] }
            let total = try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM app_authorization z JOIN app a ON a.id = z.app_id WHERE z.product_id = ? \(nameFilter)
                """, arguments: arguments) ?? 0
            let rows = try Row.fetchAll(db, sql: """
                SELECT a.id, a.name, a.extend, z.valid_until, z.authorized, z.description
                FROM app_authorization z JOIN app a ON a.id = z.app_id
                WHERE z.product_id = ? \(nameFilter) ORDER BY a.id LIMIT ? OFFSET ?
                """, arguments: arguments + [page.size, page.offset])
            let items: [Value] = rows.map { row in
                .object(["AppId": .int(row["id"]), "AppName": .string(row["name"]),
                         "AuthValidTime": .string(row["valid_until"]), "AuthorizedTime": .string(row["authorized"]),
                         "Description": .string(row["description"]), "Extend": .string(row["extend"])])
            }
            return page.fields(total: total).merging(["AuthorizedApps": .object(["AuthorizedApp": .array(items)])]) { $1 }
        }
    }

    func setApiProductsAuthorities(_ p: RequestParameters) async throws -> ResponseFields {
        let appId = p.int("AppId")!
        let productIds = p.list("ApiProductIds").compactMap(\.stringValue)
        try await authorize(apps: [appId], products: productIds,
                            validUntil: p.string("AuthValidTime"), description: p.string("Description"))
        return [:]
    }

    func removeApiProductsAuthorities(_ p: RequestParameters) async throws -> ResponseFields {
        let appId = p.int("AppId")!
        let productIds = p.list("ApiProductIds").compactMap(\.stringValue)
        try await store.write { db in
            try Self.requireApp(db, appId)
            for productId in productIds {
                try db.execute(sql: "DELETE FROM app_authorization WHERE app_id = ? AND product_id = ?",
                               arguments: [appId, productId])
            }
        }
        return [:]
    }

    func setAppsAuthToApiProduct(_ p: RequestParameters) async throws -> ResponseFields {
        let productId = try p.required("ApiProductId")
        let appIds = p.list("AppIds").compactMap(\.intValue)
        try await authorize(apps: appIds, products: [productId],
                            validUntil: p.string("AuthValidTime"), description: p.string("Description"))
        return [:]
    }

    // MARK: - Shared pieces

    /// Authorizes every app on every product; all must exist, else nothing changes.
    private func authorize(apps: [Int64], products: [String], validUntil: String?, description: String?) async throws {
        let now = clock.timestamp()
        try await store.write { db in
            for appId in apps { try Self.requireApp(db, appId) }
            for productId in products { try Self.requireProduct(db, productId) }
            for appId in apps {
                for productId in products {
                    try db.execute(sql: """
                        INSERT OR REPLACE INTO app_authorization(app_id, product_id, valid_until, description, authorized)
                        VALUES (?, ?, ?, ?, ?)
                        """, arguments: [appId, productId, validUntil ?? "", description ?? "", now])
                }
            }
        }
    }

    /// The `Apis.N.ApiId` / `Apis.N.StageName` pairs; both members are needed for each item.
    private static func apiStagePairs(_ p: RequestParameters) throws -> [(String, String)] {
        try p.list("Apis").enumerated().map { index, item in
            guard let apiId = item["ApiId"]?.stringValue else { throw ServiceError.missingParameter("Apis.\(index + 1).ApiId") }
            guard let stage = item["StageName"]?.stringValue else {
                throw ServiceError.missingParameter("Apis.\(index + 1).StageName")
            }
            return (apiId, stage)
        }
    }

    private static func requireApi(_ db: Database, _ id: String) throws {
        try require(db, "api", id, else: .apiNotFound(id))
    }

    private static func requireProduct(_ db: Database, _ id: String) throws {
        try require(db, "api_product", id, else: .apiProductNotFound(id))
    }

    private static func requireApp(_ db: Database, _ id: Int64) throws {
        try require(db, "app", id, else: .appNotFound(id))
    }

    /// One existence check for every table keyed by `id`.
    private static func require(_ db: Database, _ table: String, _ id: some DatabaseValueConvertible,
                                else notFound: @autoclosure () -> ServiceError) throws {
        guard try Bool.fetchOne(db, sql: "SELECT EXISTS(SELECT 1 FROM \(table) WHERE id = ?)", arguments: [id])! else {
            throw notFound()
        }
    }
}
