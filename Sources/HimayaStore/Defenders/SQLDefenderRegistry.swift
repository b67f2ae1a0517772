public import HimayaCore
import Foundation
import SQLKit

/// Enrolled defenders in `defenders`; the display name is sealed.
public struct SQLDefenderRegistry: DefenderRegistry {
    private let source: any SQLConnectionSource
    private let sealer: Sealer
    private let index: BlindIndex

    init(source: any SQLConnectionSource, sealer: Sealer, index: BlindIndex) {
        self.source = source
        self.sealer = sealer
        self.index = index
    }

    public func enrol(_ defender: Defender) async throws {
        let sealedName = try sealer.seal(defender.displayName, context: Self.nameContext(defender.id))
        try await source.withConnection { db in
            try await db.raw(
                """
                INSERT INTO defenders (id, display_name_sealed, country, languages, activity, risk_tier, enrolled_at)
                VALUES (\(bind: defender.id.description), \(bind: sealedName), \(bind: defender.country),
                    \(bind: CodeList.encode(defender.languages)), \(bind: defender.activity.rawValue),
                    \(bind: defender.riskTier.rawValue), \(bind: Timestamp.millis(defender.enrolledAt)))
                """
            ).run()
        }
    }

    public func defender(id: Defender.ID) async throws -> Defender? {
        let row = try await source.withConnection { db in
            try await db.raw("SELECT * FROM defenders WHERE id = \(bind: id.description)").first()
        }
        guard let row else { return nil }
        return Defender(
            id: id,
            displayName: try sealer.openText(try row.decode(column: "display_name_sealed", as: String.self), context: Self.nameContext(id)),
            country: try row.decode(column: "country", as: String.self),
            languages: CodeList.decode(try row.decode(column: "languages", as: String.self)),
            activity: DefenderActivity(rawValue: try row.decode(column: "activity", as: String.self)) ?? .other,
            riskTier: RiskTier(rawValue: try row.decode(column: "risk_tier", as: String.self)) ?? .standard,
            enrolledAt: Timestamp.date(try row.decode(column: "enrolled_at", as: Int64.self)))
    }

    public func count() async throws -> Int {
        try await source.withConnection { db in
            try await db.raw("SELECT COUNT(*) AS count FROM defenders").first()?.decode(column: "count", as: Int.self) ?? 0
        }
    }

    public func link(account: String, to defender: Defender.ID) async throws {
        let accountIndex = index.index(account)
        let sealed = try sealer.seal(account, context: "defender_accounts.account:\(accountIndex)")
        try await source.withConnection { db in
            try await db.raw(
                """
                INSERT INTO defender_accounts (account_index, defender_id, account_sealed)
                VALUES (\(bind: accountIndex), \(bind: defender.description), \(bind: sealed))
                """
            ).run()
            try await db.raw("UPDATE store_counters SET value = value + 1 WHERE name = 'protected_accounts'").run()
        }
    }

    public func defender(holding account: String) async throws -> Defender? {
        let accountIndex = index.index(account)
        let row = try await source.withConnection { db in
            try await db.raw("SELECT defender_id FROM defender_accounts WHERE account_index = \(bind: accountIndex)").first()
        }
        guard let row, let id = Defender.ID(try row.decode(column: "defender_id", as: String.self)) else { return nil }
        return try await defender(id: id)
    }

    private static func nameContext(_ id: Defender.ID) -> String { "defenders.display_name:\(id)" }
}
