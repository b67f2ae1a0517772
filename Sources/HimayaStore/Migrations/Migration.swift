/// One numbered change to the schema. Statements run in order inside one transaction.
public struct Migration: Sendable {
    public let version: Int
    public let name: String
    private let statements: @Sendable (DatabaseEngine) -> [String]

    init(version: Int, name: String, statements: @escaping @Sendable (DatabaseEngine) -> [String]) {
        self.version = version
        self.name = name
        self.statements = statements
    }

    /// The statements for `engine`; most are the same text for both.
    func statements(for engine: DatabaseEngine) -> [String] { statements(engine) }
}
