// ===----------------------------------------------------------------------===
// Direct access for tests and benchmarks: counts, and a fast bulk load of synthetic backends.
// ===----------------------------------------------------------------------===

import Foundation
import GRDB

extension EmulatorStore {
    /// How many backends the state holds (tests check that a refused request changed nothing).
    public func backendCount() throws -> Int {
        try readNow { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM backend") ?? 0 }
    }

    /// Every backend's id by name (tests compare what a script was told with what the state holds).
    public func backendIdsByName() throws -> [String: String] {
        try readNow { db in
            try Row.fetchAll(db, sql: "SELECT name, id FROM backend").reduce(into: [:]) { $0[$1["name"] as String] = $1["id"] as String }
        }
    }

    /// Inserts `count` backends named `prefix-000001`… in one transaction (benchmarks: 100,000 rows
    /// in seconds, rather than 100,000 HTTP calls). Every tenth gets the tag `team=bench`.
    public func loadSyntheticBackends(count: Int, prefix: String = "bench") throws {
        guard count > 0 else { return }
        let now = ServiceClock.timestamp()
        let types = ["HTTP", "VPC", "FC_EVENT", "MOCK"]
        try writeNow { db in
            let backend = try db.makeStatement(sql: """
                INSERT INTO backend(id, name, type, description, created, modified) VALUES (?, ?, ?, '', ?, ?)
                """)
            let tag = try db.makeStatement(sql: "INSERT INTO backend_tag(backend_id, key, value) VALUES (?, 'team', 'bench')")
            for index in 1...count {
                let id = ServiceClock.newId()
                try backend.execute(arguments: [id, "\(prefix)-\(String(format: "%06d", index))", types[index % types.count], now, now])
                if index % 10 == 0 { try tag.execute(arguments: [id]) }
            }
        }
    }
}
