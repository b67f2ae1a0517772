public import HimayaCore
import Foundation
import SQLKit

/// Enrolled defenders in `defenders`; the display name is sealed.
public struct SQLDefenderRegistry: DefenderRegistry {
    private let source: any SQLConnectionSource
    private let sealer: Sealer
    private let index: BlindIndex
    private let clock: WallClock

    init(source: any SQLConnectionSource, sealer: Sealer, index: BlindIndex, clock: WallClock = .system) {
        self.clock = clock
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

    public func setLanguages(_ languages: [String], for defender: Defender.ID) async throws {
        try await source.withConnection { db in
            try await db.raw("UPDATE defenders SET languages = \(bind: CodeList.encode(languages)) WHERE id = \(bind: defender.description)").run()
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

    public func accounts(of defender: Defender.ID) async throws -> [String] {
        let rows = try await source.withConnection { db in
            try await db.raw("SELECT account_index, account_sealed FROM defender_accounts WHERE defender_id = \(bind: defender.description) ORDER BY account_index").all()
        }
        return try rows.map {
            try sealer.openText(try $0.decode(column: "account_sealed", as: String.self),
                                context: "defender_accounts.account:\(try $0.decode(column: "account_index", as: String.self))")
        }
    }

    public func incidents(of defender: Defender.ID) async throws -> [IncidentRecord] {
        let rows = try await source.withConnection { db in
            try await db.raw(
                """
                SELECT c.* FROM cases c WHERE c.target_index IN (SELECT account_index FROM defender_accounts WHERE defender_id = \(bind: defender.description))
                ORDER BY c.opened_at
                """
            ).all()
        }
        var incidents: [IncidentRecord] = []
        for row in rows {
            let caseID = try row.decode(column: "id", as: String.self)
            let (reports, decisions, evidence) = try await source.withConnection { db in
                (
                    try await db.raw("SELECT * FROM reports WHERE case_id = \(bind: caseID)").all(),
                    try await db.raw("SELECT decided_at, clause_id, actions FROM decisions WHERE case_id = \(bind: caseID) ORDER BY decided_at").all(),
                    try await db.raw("SELECT sha256, media_type, received_at FROM evidence_files WHERE case_id = \(bind: caseID) ORDER BY received_at").all()
                )
            }
            let links = try reports.flatMap { try SealedReport.open($0, sealer: sealer).contentReferences }
            incidents.append(IncidentRecord(
                caseReference: try row.decode(column: "reference", as: String.self),
                category: IncidentCategory(rawValue: try row.decode(column: "category", as: String.self)) ?? .other,
                status: CaseStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .new,
                openedAt: Timestamp.date(try row.decode(column: "opened_at", as: Int64.self)),
                links: Array(Set(links)).sorted(),
                decisions: try decisions.map {
                    IncidentRecord.DecisionLine(
                        decidedAt: Timestamp.date(try $0.decode(column: "decided_at", as: Int64.self)), clause: try $0.decode(column: "clause_id", as: String.self),
                        actions: try $0.decode(column: "actions", as: String.self).split(separator: " ").map(String.init))
                },
                evidence: try evidence.map {
                    IncidentRecord.EvidenceLine(
                        sha256: try $0.decode(column: "sha256", as: String.self), mediaType: try $0.decode(column: "media_type", as: String.self),
                        receivedAt: Timestamp.date(try $0.decode(column: "received_at", as: Int64.self)))
                }))
        }
        let count = incidents.count
        try await SQLAuditTrail(source: source, clock: clock).append(
            AuditEntry(actor: "defender:\(defender)", action: "defender.evidence_file_read", subject: "defender:\(defender)",
                       detail: ["incidents": String(count)]))
        return incidents
    }

    private static func nameContext(_ id: Defender.ID) -> String { "defenders.display_name:\(id)" }
}
