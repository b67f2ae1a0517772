import Foundation
public import Logging
public import SQLKit
import SQLiteKit
import SQLiteNIO

/// The embedded default: one SQLite file in WAL mode, reached through a single connection whose
/// statements are serialised, so transactions never interleave.
public final class EmbeddedSQLite: SQLConnectionSource {
    public let engine = DatabaseEngine.sqlite
    private let connection: SQLiteConnection
    private let database: any SQLDatabase
    private let gate = SerialGate()
    private let groupCommit: GroupCommit

    private init(connection: SQLiteConnection) {
        self.connection = connection
        // Queries are logged at trace only: their binds could hold sealed text or ids we keep out of logs.
        let database = connection.sql(queryLogLevel: .trace)
        self.database = database
        self.groupCommit = GroupCommit(database: database, gate: gate)
    }

    /// Opens (creating if needed) the file at `path`, with WAL, full sync and foreign keys on.
    public static func open(path: String, logger: Logger) async throws -> EmbeddedSQLite {
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        let connection = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
        let source = EmbeddedSQLite(connection: connection)
        // WAL lets readers in other processes (the audit verifier, a worker) go on while the server writes;
        // FULL sync means a committed report survives a power cut, not only a crash.
        for pragma in ["PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", "PRAGMA foreign_keys=ON", "PRAGMA busy_timeout=10000"] {
            try await source.database.raw(SQLQueryString(pragma)).run()
        }
        return source
    }

    public func withConnection<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await gate.pass { try await body(database) }
    }

    /// Transactions that arrive together share one commit (see `GroupCommit`); each still has all
    /// of its statements or none. IMMEDIATE takes the write lock at once, so two processes cannot
    /// both read and then fail to upgrade.
    public func transaction<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let result: any Sendable = try await withCheckedThrowingContinuation { continuation in
            let run: @Sendable (any SQLDatabase) async throws -> any Sendable = { db in try await body(db) }
            Task {
                await groupCommit.submit(GroupCommit.Pending(run: run, finish: { continuation.resume(with: $0) }))
            }
        }
        return result as! T
    }

    public func shutdown() async {
        try? await connection.close()
    }
}
