// ===----------------------------------------------------------------------===
// The emulator's state: one SQLite database through GRDB. A file (`--state FILE`) is opened as a
// WAL DatabasePool, so several emulator processes can share it; without a file the state lives in
// memory and ends with the process.
// ===----------------------------------------------------------------------===

import Foundation
import GRDB

/// The emulator's SQLite state. Every mutating request runs in one `write` transaction (GRDB begins
/// writes IMMEDIATE), so a kill mid-request leaves no half change and two processes take turns.
///
/// ```swift
/// let store = try EmulatorStore(path: "/tmp/state.sqlite")   // nil → in memory
/// let count = try await store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM backend") }
/// ```
public final class EmulatorStore: Sendable {
    let writer: any DatabaseWriter

    /// Opens (creating if needed) the state at `path`, or an in-memory state when `path` is nil.
    public init(path: String?) throws {
        var configuration = Configuration()
        // Another emulator process may hold the write lock for a moment: wait rather than fail.
        configuration.busyMode = .timeout(10)
        configuration.label = "emulator"
        if let path {
            writer = try DatabasePool(path: path, configuration: configuration)
        } else {
            writer = try DatabaseQueue(configuration: configuration)
        }
        try Self.migrator.migrate(writer)
    }

    /// Runs `body` in a read transaction (concurrent with other reads on a file-backed pool).
    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await writer.read(body)
    }

    /// Runs `body` in one write transaction: everything it changes is committed together or not at all.
    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await writer.write(body)
    }

    /// Synchronous write, for start-up work such as seeding and benchmarks' bulk loads.
    public func writeNow<T>(_ body: (Database) throws -> T) throws -> T {
        try writer.write(body)
    }

    /// Synchronous read (tests and tools).
    public func readNow<T>(_ body: (Database) throws -> T) throws -> T {
        try writer.read(body)
    }
}
