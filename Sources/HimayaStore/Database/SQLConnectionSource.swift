public import SQLKit

/// One SQL database, whichever the engine: lends a connection, or a connection inside a transaction.
public protocol SQLConnectionSource: Sendable {
    var engine: DatabaseEngine { get }
    /// Runs `body` with a connection; statements are not grouped in a transaction.
    func withConnection<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T
    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws.
    func transaction<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T
    /// Closes every connection; no call may follow.
    func shutdown() async
}
