public import Logging

/// Opens the database a location names.
public enum DatabaseConnector {
    public static func open(_ location: DatabaseLocation, logger: Logger) async throws -> any SQLConnectionSource {
        switch location {
        case .sqlite(let path):
            return try await EmbeddedSQLite.open(path: path, logger: logger)
        case .postgres(let url):
            return try await PostgresServer(url: url, logger: logger)
        }
    }
}
