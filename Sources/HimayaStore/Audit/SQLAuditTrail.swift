import Foundation
public import HimayaCore
import Crypto
import SQLKit

/// The audit log in the `audit_events` table. Each entry's hash covers the previous entry's hash, so
/// removing or changing any entry breaks every hash after it; triggers refuse UPDATE and DELETE.
public struct SQLAuditTrail: AuditTrail {
    private let source: any SQLConnectionSource
    private let clock: WallClock

    public init(source: any SQLConnectionSource, clock: WallClock = .system) {
        self.source = source
        self.clock = clock
    }

    @discardableResult
    public func append(_ entry: AuditEntry) async throws -> AuditEvent {
        try await source.transaction { [clock, engine = source.engine] db in
            try await Self.append(entry, on: db, engine: engine, at: clock.now)
        }
    }

    /// Appends inside a transaction the caller already holds, so the audited change and its entry
    /// commit together or not at all.
    @discardableResult
    static func append(_ entry: AuditEntry, on db: any SQLDatabase, engine: DatabaseEngine, at now: Date) async throws
        -> AuditEvent
    {
        if engine == .postgres {
            // Serialises appends across processes: two entries must never claim the same place in the chain.
            try await db.raw("SELECT pg_advisory_xact_lock(7268002)").run()
        }
        let last = try await db.raw("SELECT sequence, hash FROM audit_events ORDER BY sequence DESC LIMIT 1").first()
        let sequence = try (last?.decode(column: "sequence", as: Int64.self) ?? 0) + 1
        let previousHash = try last?.decode(column: "hash", as: String.self) ?? ""
        var event = AuditEvent(
            sequence: sequence, recordedAt: Timestamp.date(Timestamp.millis(now)), actor: entry.actor,
            action: entry.action, subject: entry.subject, detail: entry.detail, previousHash: previousHash, hash: "")
        event.hash = hash(of: event)
        try await db.raw(
            """
            INSERT INTO audit_events (sequence, recorded_at, actor, action, subject, detail, previous_hash, hash)
            VALUES (\(bind: event.sequence), \(bind: Timestamp.millis(event.recordedAt)), \(bind: event.actor),
                    \(bind: event.action), \(bind: event.subject), \(bind: encodeDetail(event.detail)),
                    \(bind: event.previousHash), \(bind: event.hash))
            """
        ).run()
        return event
    }

    public func latest(limit: Int) async throws -> [AuditEvent] {
        try await source.withConnection { db in
            try await db.raw("SELECT * FROM audit_events ORDER BY sequence DESC LIMIT \(bind: limit)").all()
                .map(Self.event(from:))
        }
    }

    public func verify() async throws -> AuditVerification {
        // Walks the chain in pages so a long log does not have to fit in memory.
        var expectedPrevious = ""
        var expectedSequence: Int64 = 1
        let pageSize = 1000
        while true {
            let page = try await source.withConnection { [expectedSequence] db in
                try await db.raw(
                    "SELECT * FROM audit_events WHERE sequence >= \(bind: expectedSequence) ORDER BY sequence LIMIT \(bind: pageSize)"
                ).all().map(Self.event(from:))
            }
            for event in page {
                if event.sequence != expectedSequence {
                    return .broken(sequence: expectedSequence, reason: "entry \(expectedSequence) is missing")
                }
                if event.previousHash != expectedPrevious {
                    return .broken(sequence: event.sequence, reason: "does not link to the entry before it")
                }
                if Self.hash(of: event) != event.hash {
                    return .broken(sequence: event.sequence, reason: "its content does not match its hash")
                }
                expectedPrevious = event.hash
                expectedSequence += 1
            }
            if page.count < pageSize { return .intact(entries: expectedSequence - 1) }
        }
    }

    static func hash(of event: AuditEvent) -> String {
        Hex.encode(SHA256.hash(data: Data(event.canonicalText.utf8)))
    }

    private static func encodeDetail(_ detail: [String: String]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: (try? encoder.encode(detail)) ?? Data("{}".utf8), as: UTF8.self)
    }

    static func event(from row: any SQLRow) throws -> AuditEvent {
        let detailText = try row.decode(column: "detail", as: String.self)
        let detail = (try? JSONDecoder().decode([String: String].self, from: Data(detailText.utf8))) ?? [:]
        return AuditEvent(
            sequence: try row.decode(column: "sequence", as: Int64.self),
            recordedAt: Timestamp.date(try row.decode(column: "recorded_at", as: Int64.self)),
            actor: try row.decode(column: "actor", as: String.self),
            action: try row.decode(column: "action", as: String.self),
            subject: try row.decode(column: "subject", as: String?.self),
            detail: detail,
            previousHash: try row.decode(column: "previous_hash", as: String.self),
            hash: try row.decode(column: "hash", as: String.self))
    }
}
