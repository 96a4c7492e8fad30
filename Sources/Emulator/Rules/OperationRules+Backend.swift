// ===----------------------------------------------------------------------===
// Backends: create, describe, list (paged, filtered), modify, delete, the APIs that use one.
// ===----------------------------------------------------------------------===

import CloudAPI
import GRDB

extension OperationRules {
    func createBackend(_ p: RequestParameters) async throws -> ResponseFields {
        let name = try p.required("BackendName")
        let type = try p.required("BackendType")
        let description = p.string("Description") ?? ""
        let tags = p.list("Tag").compactMap { tag -> (String, String)? in
            guard let key = tag["Key"]?.stringValue else { return nil }
            return (key, tag["Value"]?.stringValue ?? "")
        }
        let id = ServiceClock.newId()
        let now = clock.timestamp()
        try await store.write { db in
            try Self.requireUniqueName(db, name, except: nil)
            do {
                try db.execute(sql: """
                    INSERT INTO backend(id, name, type, description, created, modified) VALUES (?, ?, ?, ?, ?, ?)
                    """, arguments: [id, name, type, description, now, now])
            } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
                throw Self.repeatedName(name)  // another emulator process on the same file won the race
            }
            for (key, value) in tags {
                try db.execute(sql: "INSERT OR REPLACE INTO backend_tag(backend_id, key, value) VALUES (?, ?, ?)",
                               arguments: [id, key, value])
            }
        }
        return ["BackendId": .string(id)]
    }

    func describeBackendInfo(_ p: RequestParameters) async throws -> ResponseFields {
        let id = try p.required("BackendId")
        return try await store.read { db in
            let backend = try Self.backendRow(db, id)
            let models = try Row.fetchAll(db, sql: """
                SELECT id, stage, description, config, created, modified FROM backend_model
                WHERE backend_id = ? ORDER BY created, stage
                """, arguments: [id])
            let modelValues: [Value] = try models.map { row in
                .object([
                    "BackendConfig": try Value(json: row["config"] as String),
                    "BackendModelId": .string(row["id"]),
                    "Description": .string(row["description"]),
                    "GmtCreate": .string(row["created"]),
                    "GmtModified": .string(row["modified"]),
                    "StageModeId": .string(Self.stageId(row["stage"])),
                    "StageName": .string(row["stage"]),
                ])
            }
            var info = Self.backendFields(backend)
            info["BackendModels"] = .array(modelValues)
            return ["BackendInfo": .object(info)]
        }
    }

    func describeBackendList(_ p: RequestParameters) async throws -> ResponseFields {
        let page = try Page(p)
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if let name = p.string("BackendName") {
            if name.contains("*") {
                // `*` is the service's wildcard. GLOB (case-sensitive, like `=`) lets SQLite use the
                // name index for a prefix such as `orders-*`; GLOB's own `?` and `[` are escaped.
                let pattern = name.replacingOccurrences(of: "[", with: "[[]").replacingOccurrences(of: "?", with: "[?]")
                conditions.append("name GLOB ?")
                arguments += [pattern]
            } else {
                conditions.append("name = ?")
                arguments += [name]
            }
        }
        if let type = p.string("BackendType") {
            conditions.append("type = ?")
            arguments += [type]
        }
        for tag in p.list("Tag") {
            guard let key = tag["Key"]?.stringValue else { continue }
            if let value = tag["Value"]?.stringValue {
                conditions.append("id IN (SELECT backend_id FROM backend_tag WHERE key = ? AND value = ?)")
                arguments += [key, value]
            } else {
                conditions.append("id IN (SELECT backend_id FROM backend_tag WHERE key = ?)")
                arguments += [key]
            }
        }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let filterArguments = arguments
        let pageArguments = arguments + [page.size, page.offset]
        return try await store.read { db in
            let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM backend \(filter)", arguments: filterArguments) ?? 0
            let rows = try Row.fetchAll(db, sql: """
                SELECT id, name, type, description, created, modified FROM backend \(filter)
                ORDER BY seq LIMIT ? OFFSET ?
                """, arguments: pageArguments)
            let tags = try Self.tags(db, of: rows.map { $0["id"] as String })
            let items: [Value] = rows.map { row in
                var fields = Self.backendFields(row)
                fields["Tags"] = .array(tags[row["id"] as String] ?? [])
                return .object(fields)
            }
            return page.fields(total: total).merging(["BackendInfoList": .array(items)]) { $1 }
        }
    }

    func modifyBackend(_ p: RequestParameters) async throws -> ResponseFields {
        let id = try p.required("BackendId")
        let name = try p.required("BackendName")
        let type = try p.required("BackendType")
        let description = p.string("Description")
        try await store.write { db in
            let backend = try Self.backendRow(db, id)
            try Self.requireUniqueName(db, name, except: id)
            if type != backend["type"] as String,
               try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM backend_model WHERE backend_id = ?", arguments: [id])! > 0 {
                throw ServiceError.invalidParameter("BackendType",
                    "the backend has backend models of type \(backend["type"] as String); delete them before changing its type")
            }
            try db.execute(sql: """
                UPDATE backend SET name = ?, type = ?, description = COALESCE(?, description), modified = ? WHERE id = ?
                """, arguments: [name, type, description, clock.timestamp(), id])
        }
        return [:]
    }

    func deleteBackend(_ p: RequestParameters) async throws -> ResponseFields {
        let id = try p.required("BackendId")
        try await store.write { db in
            _ = try Self.backendRow(db, id)
            let models = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM backend_model WHERE backend_id = ?", arguments: [id])!
            if models > 0 {
                // Convention: the service's code for this refusal is not published.
                throw ServiceError.conflict("DependencyViolationBackendModel",
                    "The backend still has \(models) backend model(s); delete them first. (BackendId=\(id))")
            }
            let apis = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM api WHERE backend_id = ?", arguments: [id])!
            if apis > 0 {
                throw ServiceError.conflict("DependencyViolationApi",
                    "The backend is still used by \(apis) API(s). (BackendId=\(id))")
            }
            try db.execute(sql: "DELETE FROM backend_tag WHERE backend_id = ?", arguments: [id])
            try db.execute(sql: "DELETE FROM backend WHERE id = ?", arguments: [id])
        }
        return [:]
    }

    func describeApisByBackend(_ p: RequestParameters) async throws -> ResponseFields {
        let id = try p.required("BackendId")
        let page = try Page(p)
        let stage = p.string("StageName")
        return try await store.read { db in
            _ = try Self.backendRow(db, id)
            let stageFilter = stage == nil ? "" : "AND a.id IN (SELECT api_id FROM api_stage WHERE stage = ?)"
            var arguments: StatementArguments = [id]
            if let stage { arguments += [stage] }
            let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM api a WHERE a.backend_id = ? \(stageFilter)",
                                         arguments: arguments) ?? 0
            let rows = try Row.fetchAll(db, sql: """
                SELECT a.id, a.name, a.description, a.group_id, COALESCE(g.name, '') AS group_name, a.method, a.path
                FROM api a LEFT JOIN api_group g ON g.id = a.group_id
                WHERE a.backend_id = ? \(stageFilter) ORDER BY a.id LIMIT ? OFFSET ?
                """, arguments: arguments + [page.size, page.offset])
            let items: [Value] = rows.map { row in
                .object(["ApiId": .string(row["id"]), "ApiName": .string(row["name"]),
                         "Description": .string(row["description"]), "GroupId": .string(row["group_id"]),
                         "GroupName": .string(row["group_name"]), "Method": .string(row["method"]),
                         "Path": .string(row["path"])])
            }
            return page.fields(total: total).merging(["ApiInfoList": .object(["ApiInfo": .array(items)])]) { $1 }
        }
    }

    func describeUpdateBackendTask(_ p: RequestParameters) async throws -> ResponseFields {
        let id = try p.required("OperationUid")
        return try await store.read { db in
            guard let results = try String.fetchOne(db, sql: "SELECT results FROM update_task WHERE id = ?", arguments: [id]) else {
                // Convention: the service's code for an unknown operation id is not published.
                throw ServiceError.notFound("NotFoundOperation", "Specified operation does not exist. (OperationUid=\(id))")
            }
            return ["ApiUpdateBackendResults": .object(["ApiUpdateBackendResult": try Value(json: results)])]
        }
    }

    // MARK: - Shared pieces

    static func backendRow(_ db: Database, _ id: String) throws -> Row {
        guard let row = try Row.fetchOne(db, sql: """
            SELECT id, name, type, description, created, modified FROM backend WHERE id = ?
            """, arguments: [id]) else { throw ServiceError.backendNotFound(id) }
        return row
    }

    static func backendFields(_ row: Row) -> [String: Value] {
        ["BackendId": .string(row["id"]), "BackendName": .string(row["name"]), "BackendType": .string(row["type"]),
         "Description": .string(row["description"]), "CreatedTime": .string(row["created"]),
         "ModifiedTime": .string(row["modified"])]
    }

    /// Tags of the given backends, in one query: `[backendId: [{"Key","Value"}]]`.
    static func tags(_ db: Database, of ids: [String]) throws -> [String: [Value]] {
        guard !ids.isEmpty else { return [:] }
        let marks = Array(repeating: "?", count: ids.count).joined(separator: ",")
        var result: [String: [Value]] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT backend_id, key, value FROM backend_tag WHERE backend_id IN (\(marks)) ORDER BY key",
                                    arguments: StatementArguments(ids)) {
            result[row["backend_id"], default: []].append(.object(["Key": .string(row["key"]), "Value": .string(row["value"])]))
        }
        return result
    }

    static func requireUniqueName(_ db: Database, _ name: String, except id: String?) throws {
        let owner = try String.fetchOne(db, sql: "SELECT id FROM backend WHERE name = ?", arguments: [name])
        if let owner, owner != id { throw repeatedName(name) }
    }

    static func repeatedName(_ name: String) -> ServiceError {
        // Convention, after the service's Repeated*Name codes for groups and APIs.
        .conflict("RepeatedBackendName", "A backend named \"\(name)\" already exists.")
    }

    /// A stable 32-hex id per stage, for `StageModeId` / `StageId` (the emulator has no stage objects).
    static func stageId(_ stage: String) -> String {
        switch stage {
        case "RELEASE": "6f5c1b3a0e5d4c2b9a8f7e6d5c4b3a21"
        case "PRE": "7a6b5c4d3e2f10a9b8c7d6e5f4a3b2c1"
        default: "8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e"
        }
    }
}
