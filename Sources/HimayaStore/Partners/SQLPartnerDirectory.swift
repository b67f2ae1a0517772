public import HimayaCore
import SQLKit

/// Trusted partner organisations in `partners`; their names are public.
public struct SQLPartnerDirectory: PartnerDirectory {
    private let source: any SQLConnectionSource

    public init(source: any SQLConnectionSource) { self.source = source }

    public func add(_ partner: Partner) async throws {
        try await source.withConnection { db in
            try await db.raw(
                """
                INSERT INTO partners (id, name, country, languages, kind, joined_at)
                VALUES (\(bind: partner.id.description), \(bind: partner.name), \(bind: partner.country),
                    \(bind: CodeList.encode(partner.languages)), \(bind: partner.kind.rawValue),
                    \(bind: Timestamp.millis(partner.joinedAt)))
                """
            ).run()
        }
    }

    public func all() async throws -> [Partner] {
        try await source.withConnection { db in
            try await db.raw("SELECT * FROM partners ORDER BY name").all().map { row in
                Partner(
                    id: Partner.ID(try row.decode(column: "id", as: String.self)) ?? Partner.ID(),
                    name: try row.decode(column: "name", as: String.self),
                    country: try row.decode(column: "country", as: String.self),
                    languages: CodeList.decode(try row.decode(column: "languages", as: String.self)),
                    kind: PartnerKind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .ngo,
                    joinedAt: Timestamp.date(try row.decode(column: "joined_at", as: Int64.self)))
            }
        }
    }
}
