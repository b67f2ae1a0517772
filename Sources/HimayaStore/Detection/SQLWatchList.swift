public import HimayaCore
public import Foundation
import SQLKit

/// Watched terms in `watch_terms` (sealed) and mention events in `mention_events`.
public struct SQLWatchList: WatchList {
    private let source: any SQLConnectionSource
    private let sealer: Sealer
    private let clock: WallClock

    init(source: any SQLConnectionSource, sealer: Sealer, clock: WallClock) {
        self.source = source
        self.sealer = sealer
        self.clock = clock
    }

    private static func context(_ id: WatchTerm.ID) -> String { "watch_terms.term:\(id)" }

    public func add(_ term: WatchTerm) async throws {
        let sealed = try sealer.seal(term.term, context: Self.context(term.id))
        try await source.transaction { [clock, engine = source.engine] db in
            try await db.raw(
                """
                INSERT INTO watch_terms (id, defender_id, kind, term_sealed, added_at)
                VALUES (\(bind: term.id.description), \(bind: term.defenderID.description), \(bind: term.kind.rawValue), \(bind: sealed),
                    \(bind: Timestamp.millis(term.addedAt)))
                """
            ).run()
            try await db.raw("UPDATE store_counters SET value = value + 1 WHERE name = 'protected_people'").run()
            try await SQLAuditTrail.append(
                AuditEntry(actor: "defender:\(term.defenderID)", action: "watch_term.added", subject: "defender:\(term.defenderID)", detail: ["kind": term.kind.rawValue]),
                on: db, engine: engine, at: clock.now)
        }
    }

    public func remove(_ id: WatchTerm.ID, of defender: Defender.ID) async throws {
        try await source.transaction { [clock, engine = source.engine] db in
            try await db.raw("DELETE FROM watch_terms WHERE id = \(bind: id.description) AND defender_id = \(bind: defender.description)").run()
            try await db.raw("UPDATE store_counters SET value = value + 1 WHERE name = 'protected_people'").run()
            try await SQLAuditTrail.append(
                AuditEntry(actor: "defender:\(defender)", action: "watch_term.removed", subject: "defender:\(defender)", detail: [:]),
                on: db, engine: engine, at: clock.now)
        }
    }

    public func terms(of defender: Defender.ID) async throws -> [WatchTerm] {
        let rows = try await source.withConnection { db in
            try await db.raw("SELECT * FROM watch_terms WHERE defender_id = \(bind: defender.description) ORDER BY added_at, id").all()
        }
        return try rows.compactMap(decode)
    }

    private func decode(_ row: any SQLRow) throws -> WatchTerm? {
        guard let id = WatchTerm.ID(try row.decode(column: "id", as: String.self)),
            let defender = Defender.ID(try row.decode(column: "defender_id", as: String.self)),
            let kind = WatchTerm.Kind(rawValue: try row.decode(column: "kind", as: String.self))
        else { return nil }
        return WatchTerm(
            id: id, defenderID: defender, kind: kind, term: try sealer.openText(try row.decode(column: "term_sealed", as: String.self), context: Self.context(id)),
            addedAt: Timestamp.date(try row.decode(column: "added_at", as: Int64.self)))
    }

    public func protectedPeople() async throws -> [ProtectedPerson] {
        let (defenders, terms) = try await source.withConnection { db in
            let defenders = try await db.raw(
                """
                SELECT d.id, d.display_name_sealed FROM defenders d
                JOIN defender_consents c ON c.defender_id = d.id AND c.purpose = 'mention_detection' AND c.withdrawn_at IS NULL
                ORDER BY d.id
                """
            ).all()
            let terms = try await db.raw(
                """
                SELECT t.* FROM watch_terms t
                JOIN defender_consents c ON c.defender_id = t.defender_id AND c.purpose = 'mention_detection' AND c.withdrawn_at IS NULL
                """
            ).all()
            return (defenders, terms)
        }
        var termsByDefender: [Defender.ID: [String]] = [:]
        for row in terms {
            if let term = try decode(row) { termsByDefender[term.defenderID, default: []].append(term.term) }
        }
        return try defenders.compactMap { row in
            guard let id = Defender.ID(try row.decode(column: "id", as: String.self)) else { return nil }
            let name = try sealer.openText(try row.decode(column: "display_name_sealed", as: String.self), context: "defenders.display_name:\(id)")
            return ProtectedPerson(defenderID: id, names: [name] + (termsByDefender[id] ?? []))
        }
    }

    public func changeMark() async throws -> Int64 {
        try await source.withConnection { db in
            try await db.raw("SELECT CAST(SUM(value) AS BIGINT) AS mark FROM store_counters WHERE name IN ('protected_people', 'protected_accounts')").first()?
                .decode(column: "mark", as: Int64?.self) ?? 0
        }
    }

    public func record(_ events: [MentionEvent]) async throws {
        guard !events.isEmpty else { return }
        try await source.transaction { [sealer] db in
            for event in events {
                try await db.raw(
                    """
                    INSERT INTO mention_events (defender_id, author_index, text_simhash, harmful, seen_at, author_sealed)
                    VALUES (\(bind: event.defenderID.description), \(bind: event.authorIndex), \(bind: String(event.textFingerprint, radix: 16)),
                        \(bind: event.harmful ? 1 : 0), \(bind: Timestamp.millis(event.seenAt)),
                        \(bind: try event.author.map { try sealer.seal($0, context: "mention_events.author:\(event.authorIndex)") }))
                    """
                ).run()
            }
            // Nothing older than the baseline period is needed.
            let horizon = Timestamp.millis(events[0].seenAt.addingTimeInterval(-PileOnDetector.baselinePeriod))
            try await db.raw("DELETE FROM mention_events WHERE seen_at < \(bind: horizon)").run()
        }
    }

    public func mentions(of defender: Defender.ID, since: Date) async throws -> [MentionEvent] {
        let rows = try await source.withConnection { db in
            try await db.raw(
                "SELECT * FROM mention_events WHERE defender_id = \(bind: defender.description) AND seen_at >= \(bind: Timestamp.millis(since)) ORDER BY seen_at"
            ).all()
        }
        return try rows.map { row in
            MentionEvent(
                defenderID: defender, authorIndex: try row.decode(column: "author_index", as: String.self),
                textFingerprint: UInt64(try row.decode(column: "text_simhash", as: String.self), radix: 16) ?? 0,
                harmful: try row.decode(column: "harmful", as: Int64.self) != 0, seenAt: Timestamp.date(try row.decode(column: "seen_at", as: Int64.self)))
        }
    }

    public func authors(of defender: Defender.ID, since: Date) async throws -> [(index: String, account: String)] {
        let rows = try await source.withConnection { db in
            try await db.raw(
                """
                SELECT author_index, MAX(author_sealed) AS author_sealed FROM mention_events
                WHERE defender_id = \(bind: defender.description) AND seen_at >= \(bind: Timestamp.millis(since)) AND author_sealed IS NOT NULL
                GROUP BY author_index
                """
            ).all()
        }
        return try rows.map { row in
            let index = try row.decode(column: "author_index", as: String.self)
            return (index, try sealer.openText(try row.decode(column: "author_sealed", as: String.self), context: "mention_events.author:\(index)"))
        }
    }
}
