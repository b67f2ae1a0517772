public import Foundation
import SQLKit

/// Brings a database up to the newest schema, one numbered migration per transaction.
public struct Migrator: Sendable {
    private let source: any SQLConnectionSource
    private let migrations: [Migration]

    public init(source: any SQLConnectionSource, migrations: [Migration] = Schema.migrations) {
        self.source = source
        self.migrations = migrations.sorted { $0.version < $1.version }
    }

    /// What a run did.
    public struct Report: Sendable, Equatable {
        public var applied: [Int]
        public var current: Int
    }

    /// Applies every migration the database lacks. Refuses a database that is newer than this program,
    /// since running old code on a new schema could lose data.
    @discardableResult
    public func migrate(now: Date = Date()) async throws -> Report {
        try await source.withConnection { db in
            try await db.raw(
                "CREATE TABLE IF NOT EXISTS himaya_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)"
            ).run()
        }
        if let newest = migrations.last?.version, case let found = try await currentVersion(), found > newest {
            throw MigrationError.databaseIsNewer(database: found, program: newest)
        }
        var applied: [Int] = []
        for migration in migrations {
            let didApply = try await source.transaction { [engine = source.engine] db in
                if engine == .postgres {
                    // Two processes starting at once must not both apply the same migration.
                    try await db.raw("SELECT pg_advisory_xact_lock(7268001)").run()
                }
                let done = try await db.raw("SELECT version FROM himaya_migrations WHERE version = \(bind: migration.version)")
                    .first()
                if done != nil { return false }
                for statement in migration.statements(for: engine) {
                    try await db.raw(SQLQueryString(statement)).run()
                }
                try await db.raw(
                    "INSERT INTO himaya_migrations (version, name, applied_at) VALUES (\(bind: migration.version), \(bind: migration.name), \(bind: Timestamp.millis(now)))"
                ).run()
                return true
            }
            if didApply { applied.append(migration.version) }
        }
        return Report(applied: applied, current: try await currentVersion())
    }

    /// The highest migration applied, 0 for an empty database.
    public func currentVersion() async throws -> Int {
        try await source.withConnection { db in
            let row = try await db.raw("SELECT MAX(version) AS version FROM himaya_migrations").first()
            return try row?.decodeNil(column: "version") == false ? try row!.decode(column: "version", as: Int.self) : 0
        }
    }

    /// Whether every known migration has been applied.
    public func isCurrent() async throws -> Bool {
        try await currentVersion() == (migrations.last?.version ?? 0)
    }
}

/// Why a migration run stopped.
public enum MigrationError: Error, CustomStringConvertible {
    case databaseIsNewer(database: Int, program: Int)

    public var description: String {
        switch self {
        case .databaseIsNewer(let database, let program):
            "the database schema is at version \(database), newer than this program's \(program); upgrade Himaya"
        }
    }
}
