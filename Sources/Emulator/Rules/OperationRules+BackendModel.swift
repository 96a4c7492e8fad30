// ===----------------------------------------------------------------------===
// Backend models: one per (backend, stage). Modify and delete answer an OperationId whose
// DescribeUpdateBackendTask lists the APIs that use the backend in that stage.
// ===----------------------------------------------------------------------===

import CloudAPI
import GRDB

extension OperationRules {
    func createBackendModel(_ p: RequestParameters) async throws -> ResponseFields {
        let backendId = try p.required("BackendId")
        let type = try p.required("BackendType")
        let stage = try p.required("StageName")
        let config = try BackendConfigReader.read(try p.required("BackendModelData"), type: type)
        let configJSON = try config.jsonString()
        let description = p.string("Description") ?? ""
        let id = ServiceClock.newId()
        let now = clock.timestamp()
        try await store.write { db in
            let backend = try Self.backendRow(db, backendId)
            try Self.requireType(type, matches: backend)
            if try String.fetchOne(db, sql: "SELECT id FROM backend_model WHERE backend_id = ? AND stage = ?",
                                   arguments: [backendId, stage]) != nil {
                // Convention: the service's code for this refusal is not published.
                throw ServiceError.conflict("RepeatedBackendModel",
                    "The backend already has a backend model in stage \(stage). (BackendId=\(backendId))")
            }
            try db.execute(sql: """
                INSERT INTO backend_model(id, backend_id, stage, type, description, config, created, modified)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [id, backendId, stage, type, description, configJSON, now, now])
        }
        return ["BackendModelId": .string(id)]
    }

    func modifyBackendModel(_ p: RequestParameters) async throws -> ResponseFields {
        let modelId = try p.required("BackendModelId")
        let data = p.string("BackendModelData")
        let description = p.string("Description")
        let operationId = ServiceClock.newId()
        let now = clock.timestamp()
        try await store.write { db in
            let model = try Self.modelRow(db, modelId, p)
            let backend = try Self.backendRow(db, model["backend_id"])
            if let type = p.string("BackendType") { try Self.requireType(type, matches: backend) }
            let config = try data.map { try BackendConfigReader.read($0, type: backend["type"]).jsonString() }
            try db.execute(sql: """
                UPDATE backend_model SET config = COALESCE(?, config), description = COALESCE(?, description), modified = ?
                WHERE id = ?
                """, arguments: [config, description, now, modelId])
            try Self.recordUpdateTask(db, operationId, backendId: model["backend_id"], stage: model["stage"], at: now)
        }
        return ["OperationId": .string(operationId)]
    }

    func deleteBackendModel(_ p: RequestParameters) async throws -> ResponseFields {
        let modelId = try p.required("BackendModelId")
        let operationId = ServiceClock.newId()
        let now = clock.timestamp()
        try await store.write { db in
            let model = try Self.modelRow(db, modelId, p)
            try db.execute(sql: "DELETE FROM backend_model WHERE id = ?", arguments: [modelId])
            try Self.recordUpdateTask(db, operationId, backendId: model["backend_id"], stage: model["stage"], at: now)
        }
        return ["OperationId": .string(operationId)]
    }

    // MARK: - Shared pieces

    /// The model, checked against the optional BackendId and StageName the request also names.
    private static func modelRow(_ db: Database, _ id: String, _ p: RequestParameters) throws -> Row {
        guard let row = try Row.fetchOne(db, sql: "SELECT id, backend_id, stage, type FROM backend_model WHERE id = ?",
                                         arguments: [id]) else { throw ServiceError.backendModelNotFound(id) }
        if let backendId = p.string("BackendId"), backendId != row["backend_id"] as String {
            _ = try backendRow(db, backendId)
            throw ServiceError.notFound("NotFoundBackendModel",
                "Specified backend model does not belong to the backend. (BackendModelId=\(id), BackendId=\(backendId))")
        }
        if let stage = p.string("StageName"), stage != row["stage"] as String {
            throw ServiceError.invalidParameter("StageName",
                "the backend model \(id) is in stage \(row["stage"] as String), not \(stage)")
        }
        return row
    }

    private static func requireType(_ type: String, matches backend: Row) throws {
        let backendType: String = backend["type"]
        guard type == backendType else {
            throw ServiceError.invalidParameter("BackendType", "\(type) does not match the backend's type \(backendType)")
        }
    }

    /// The APIs using the backend in that stage are "updated" at once; the task records them.
    private static func recordUpdateTask(_ db: Database, _ id: String, backendId: String, stage: String, at now: String) throws {
        let rows = try Row.fetchAll(db, sql: """
            SELECT a.id, a.name, a.group_id, COALESCE(g.name, '') AS group_name
            FROM api a JOIN api_stage s ON s.api_id = a.id AND s.stage = ?
            LEFT JOIN api_group g ON g.id = a.group_id
            WHERE a.backend_id = ? ORDER BY a.id
            """, arguments: [stage, backendId])
        let results: Value = .array(rows.map { row in
            .object(["ApiName": .string(row["name"]), "ApiUid": .string(row["id"]), "BackendId": .string(backendId),
                     "ErrorMsg": .string(""), "GroupId": .string(row["group_id"]), "GroupName": .string(row["group_name"]),
                     "StageId": .string(stageId(stage)), "StageName": .string(stage), "UpdateStatus": .string("OVER")])
        })
        try db.execute(sql: "INSERT INTO update_task(id, backend_id, stage, results, created) VALUES (?, ?, ?, ?, ?)",
                       arguments: [id, backendId, stage, try results.jsonString(), now])
    }
}
