// ===----------------------------------------------------------------------===
// Applying a seed: one transaction, rows replaced by id, so re-seeding a kept state is harmless.
// ===----------------------------------------------------------------------===

import CloudAPI
import GRDB

extension EmulatorStore {
    /// Loads `seed` into the state in one transaction. Stage names and backend types are checked
    /// against the catalog so a typo in the seed fails at start-up, not at the first request.
    /// Rows without a CreatedTime of their own are stamped `now`.
    public func apply(_ seed: EmulatorSeed, at time: String? = nil) throws {
        let now = time ?? ServiceClock.timestamp()
        try writeNow { db in
            for group in seed.Groups ?? [] {
                try db.execute(sql: "INSERT OR REPLACE INTO api_group(id, name, region) VALUES (?, ?, ?)",
                               arguments: [group.GroupId, group.GroupName, group.RegionId ?? "cn-hangzhou"])
            }
            for backend in seed.Backends ?? [] {
                try Self.check(backend.BackendType, in: Catalog.backendTypes, "Backends[\(backend.BackendId)].BackendType")
                for (name, time) in [("CreatedTime", backend.CreatedTime), ("ModifiedTime", backend.ModifiedTime)] {
                    if let time, SigningClock.parseTimestamp(time) == nil {
                        throw SeedError("seed: Backends[\(backend.BackendId)].\(name): expected a time such as 2026-01-31T08:00:00Z (got \"\(time)\")")
                    }
                }
                try db.execute(sql: """
                    INSERT INTO backend(id, name, type, description, created, modified) VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT(id) DO UPDATE SET name = excluded.name, type = excluded.type, description = excluded.description
                    """, arguments: [backend.BackendId, backend.BackendName, backend.BackendType,
                                     backend.Description ?? "", backend.CreatedTime ?? now, backend.ModifiedTime ?? backend.CreatedTime ?? now])
                for tag in backend.Tags ?? [] {
                    try db.execute(sql: "INSERT OR REPLACE INTO backend_tag(backend_id, key, value) VALUES (?, ?, ?)",
                                   arguments: [backend.BackendId, tag.Key, tag.Value ?? ""])
                }
            }
            for api in seed.Apis ?? [] {
                try db.execute(sql: """
                    INSERT OR REPLACE INTO api(id, name, description, group_id, method, path, backend_id)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [api.ApiId, api.ApiName, api.Description ?? "", api.GroupId,
                                     api.Method ?? "GET", api.Path ?? "/", api.BackendId])
                for stage in api.stages {
                    try Self.check(stage, in: Catalog.stageNames, "Apis[\(api.ApiId)].Stages")
                    try db.execute(sql: "INSERT OR IGNORE INTO api_stage(api_id, stage) VALUES (?, ?)",
                                   arguments: [api.ApiId, stage])
                }
            }
            for app in seed.Apps ?? [] {
                try db.execute(sql: "INSERT OR REPLACE INTO app(id, name, description, extend) VALUES (?, ?, ?, ?)",
                               arguments: [app.AppId, app.AppName, app.Description ?? "", app.Extend ?? ""])
            }
            for product in seed.ApiProducts ?? [] {
                try db.execute(sql: "INSERT OR IGNORE INTO api_product(id, created) VALUES (?, ?)",
                               arguments: [product.ApiProductId, now])
                for api in product.Apis ?? [] {
                    try Self.check(api.StageName, in: Catalog.stageNames, "ApiProducts[\(product.ApiProductId)].Apis")
                    try db.execute(sql: "INSERT OR IGNORE INTO product_api(product_id, api_id, stage, attached) VALUES (?, ?, ?, ?)",
                                   arguments: [product.ApiProductId, api.ApiId, api.StageName, now])
                }
                for appId in product.AppIds ?? [] {
                    try db.execute(sql: """
                        INSERT OR IGNORE INTO app_authorization(app_id, product_id, authorized) VALUES (?, ?, ?)
                        """, arguments: [appId, product.ApiProductId, now])
                }
            }
        }
    }

    /// Empties every table (the schema stays): the state of a fresh emulator, before its seed.
    public func erase() throws {
        try writeNow { db in
            // Rows refer to one another (a model to its backend): check the foreign keys at commit, when all are gone.
            try db.execute(sql: "PRAGMA defer_foreign_keys = ON")
            let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'grdb_%'")
            for table in tables { try db.execute(sql: "DELETE FROM \(table.quotedDatabaseIdentifier)") }
        }
    }

    private static func check(_ value: String, in allowed: [String], _ where: String) throws {
        guard allowed.contains(value) else {
            throw SeedError("seed: \(`where`): \"\(value)\" is not one of \(allowed.joined(separator: ", "))")
        }
    }
}
