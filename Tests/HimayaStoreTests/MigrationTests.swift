import HimayaStore
import HimayaTestSupport
import SQLKit
import Testing

@Suite("Migrations")
struct MigrationTests {
    @Test("a new database is migrated to the newest version", arguments: TestEngine.available)
    func migratesToNewest(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database async throws in
            let migrator = Migrator(source: database.store.source)
            #expect(try await migrator.currentVersion() == Schema.migrations.last!.version)
            #expect(try await migrator.isCurrent())
        }
    }

    @Test("running the migrations again changes nothing", arguments: TestEngine.available)
    func idempotent(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database async throws in
            let report = try await Migrator(source: database.store.source).migrate()
            #expect(report.applied.isEmpty)
        }
    }

    @Test("a database newer than the program is refused", arguments: TestEngine.available)
    func newerDatabaseRefused(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database async throws in
            try await database.store.source.withConnection { db in
                try await db.raw("INSERT INTO himaya_migrations (version, name, applied_at) VALUES (9999, 'future', 0)").run()
            }
            await #expect(throws: MigrationError.self) { try await Migrator(source: database.store.source).migrate() }
        }
    }
}
