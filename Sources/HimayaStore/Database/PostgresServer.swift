public import Logging
public import SQLKit
import HimayaCore
import PostgresKit
import PostgresNIO

/// A PostgreSQL server shared by any number of Himaya processes, through postgres-nio's pooled client.
public final class PostgresServer: SQLConnectionSource {
    public let engine = DatabaseEngine.postgres
    private let client: PostgresClient
    private let runTask: Task<Void, Never>
    private let logger: Logger

    /// Connects to the server at `url` (`postgres://user:password@host:port/database`).
    public convenience init(url: String, logger: Logger) async throws {
        try self.init(configurationURL: url, logger: logger)
        // Give the run task its first turn, so no query asks for a connection before the pool runs.
        await Task.yield()
        try await withConnection { db in try await db.raw("SELECT 1").run() }
    }

    private init(configurationURL url: String, logger: Logger) throws {
        let parsed = try SQLPostgresConfiguration(url: url)
        let core = parsed.coreConfiguration
        let tls: PostgresClient.Configuration.TLS =
            switch (core.tls.isEnforced, core.tls.isAllowed) {
            case (true, _): .require(.makeClientConfiguration())
            case (_, true): .prefer(.makeClientConfiguration())
            default: .disable
            }
        guard let host = core.host else { throw StoreError.unavailable }
        let configuration = PostgresClient.Configuration(
            host: host, port: core.port ?? 5432, username: core.username, password: core.password,
            database: core.database, tls: tls)
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.client = client
        self.logger = logger
        // The client only hands out connections while it runs; it runs as long as this source lives.
        self.runTask = Task { await client.run() }
    }

    public func withConnection<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await client.withConnection { connection in
            try await body(connection.sql(queryLogLevel: .trace))
        }
    }

    public func transaction<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await client.withConnection { connection in
            let database = connection.sql(queryLogLevel: .trace)
            try await database.raw("BEGIN").run()
            do {
                let result = try await body(database)
                try await database.raw("COMMIT").run()
                return result
            } catch {
                try? await database.raw("ROLLBACK").run()
                throw error
            }
        }
    }

    public func shutdown() async {
        runTask.cancel()
        await runTask.value
    }
}
