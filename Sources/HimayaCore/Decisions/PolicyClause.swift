/// One clause of the published protection policy, which every decision cites.
public struct PolicyClause: Sendable, Equatable, Codable {
    /// A stable id such as `HRD-2.1`.
    public var id: String
    /// The clause's title, by language code.
    public var title: [String: String]
    /// Where the public text of the clause lives.
    public var url: String
    /// The DSA statement category this clause falls under, such as `STATEMENT_CATEGORY_CYBER_VIOLENCE`.
    public var dsaCategory: String
    /// DSA category keywords, such as `KEYWORD_CYBER_HARASSMENT`.
    public var dsaKeywords: [String]
    /// A public explanation for statements of reasons; never personal data.
    public var explanation: String

    public func title(in language: String) -> String { title[language] ?? title["en"] ?? id }
}

/// The versioned list of clauses, kept as data.
public struct PolicyClauses: Sendable, Equatable, Codable {
    public var version: Int
    public var clauses: [PolicyClause]

    public func clause(_ id: String) -> PolicyClause? { clauses.first { $0.id == id } }
}
