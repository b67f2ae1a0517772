import Foundation
public import HimayaCore
public import HimayaStore
public import Logging
import SQLKit

/// A database engine a store test runs on: SQLite always, PostgreSQL when `make test` started one.
public enum TestEngine: String, CaseIterable, Sendable, CustomStringConvertible {
    case sqlite
    case postgres

    public var description: String { rawValue }

    /// The engines to run every store case on. PostgreSQL is required under CI, where `make test`
    /// always provides it; elsewhere it is skipped with a note.
    public static var available: [TestEngine] {
        if ProcessInfo.processInfo.environment["HIMAYA_TEST_DATABASE_URL"] != nil { return [.sqlite, .postgres] }
        if ProcessInfo.processInfo.environment["CI"] != nil {
            fatalError("HIMAYA_TEST_DATABASE_URL must be set under CI: make test starts PostgreSQL for the store tests")
        }
        FileHandle.standardError.write(
            Data("note: PostgreSQL store tests skipped: HIMAYA_TEST_DATABASE_URL is not set (make test sets it)\n".utf8))
        return [.sqlite]
    }
}

/// A fresh, empty, migrated database for one test, removed afterwards.
public struct TestDatabase: Sendable {
    public let engine: TestEngine
    public let store: Store
    let cleanup: @Sendable () async -> Void

    public static let logger: Logger = {
        var logger = Logger(label: "himaya-test")
        logger.logLevel = .warning
        return logger
    }()

    /// A sealer with a random master key, different for every test.
    public static func makeSealer() -> Sealer {
        Sealer(current: MasterKey(base64: MasterKey.generateBase64())!)
    }

    /// Opens a fresh database on `engine`, migrated, and runs `body` with it.
    public static func with<T: Sendable>(
        _ engine: TestEngine, clock: WallClock = .system, sealer: Sealer = makeSealer(),
        _ body: (TestDatabase) async throws -> T
    ) async throws -> T {
        let database = try await open(engine, clock: clock, sealer: sealer)
        do {
            let result = try await body(database)
            await database.cleanup()
            return result
        } catch {
            await database.cleanup()
            throw error
        }
    }

    static func open(_ engine: TestEngine, clock: WallClock, sealer: Sealer) async throws -> TestDatabase {
        switch engine {
        case .sqlite:
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("himaya-test-\(UUID().uuidString)")
            let path = folder.appendingPathComponent("himaya.sqlite").path
            let store = try await Store.open(.sqlite(path: path), sealer: sealer, clock: clock, logger: logger)
            return TestDatabase(engine: engine, store: store) {
                await store.shutdown()
                try? FileManager.default.removeItem(at: folder)
            }
        case .postgres:
            let adminURL = ProcessInfo.processInfo.environment["HIMAYA_TEST_DATABASE_URL"]!
            let name = "himaya_t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
            let admin = try await PostgresServer(url: adminURL, logger: logger)
            try await admin.withConnection { db in try await db.raw("CREATE DATABASE \(unsafeRaw: name)").run() }
            let url = replacingDatabase(in: adminURL, with: String(name))
            let store = try await Store.open(.postgres(url: url), sealer: sealer, clock: clock, logger: logger)
            return TestDatabase(engine: engine, store: store) {
                await store.shutdown()
                try? await admin.withConnection { db in
                    try await db.raw("DROP DATABASE IF EXISTS \(unsafeRaw: name) WITH (FORCE)").run()
                }
                await admin.shutdown()
            }
        }
    }

    /// The URL of the same server with another database name.
    public static func replacingDatabase(in url: String, with name: String) -> String {
        var components = URLComponents(string: url)!
        components.path = "/\(name)"
        return components.string!
    }

    /// Every text value in every table, for checking that a secret was never stored in the clear.
    public func allStoredText() async throws -> String {
        let tables = [
            "staff_accounts", "staff_sessions", "audit_events", "jobs", "defenders", "partners", "cases", "reports",
            "case_content", "evidence_files", "receipts", "report_messages", "partner_api_keys", "idempotent_requests",
            "himaya_keys", "held_uploads", "follow_up_sessions", "defender_accounts", "case_notes", "decisions", "platforms", "webhook_deliveries",
            "platform_messages", "mention_events", "text_signals", "shield_settings", "shield_blocks", "shield_held", "pile_ons", "pile_on_members",
        ]
        var text = ""
        for table in tables {
            let rows = try await store.source.withConnection { db in try await db.raw("SELECT * FROM \(unsafeRaw: table)").all() }
            for row in rows {
                for column in row.allColumns {
                    if let value = try? row.decode(column: column, as: String?.self) { text += value + "\n" }
                }
            }
        }
        return text
    }
}
