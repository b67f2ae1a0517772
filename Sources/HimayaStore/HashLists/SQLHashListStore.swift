public import HimayaCore
public import HimayaDetection
public import Foundation
import SQLKit

/// Hash lists in `hash_lists` and `hash_list_entries`. Hashes of a defender's reference photos are
/// sealed (their values could be used to look for that person's pictures); other lists' hashes are
/// kept plain, as the exchanges that share them do.
public struct SQLHashListStore: HashListStore {
    private let source: any SQLConnectionSource
    private let sealer: Sealer
    private let clock: WallClock

    init(source: any SQLConnectionSource, sealer: Sealer, clock: WallClock) {
        self.source = source
        self.sealer = sealer
        self.clock = clock
    }

    /// Rows a statement inserts at most (PostgreSQL allows 65,535 binds).
    static let batch = 500

    public func create(_ list: HashList, by actor: String) async throws {
        try await source.transaction { [clock, engine = source.engine] db in
            let taken = try await db.raw("SELECT id FROM hash_lists WHERE name = \(bind: list.name)").first()
            if taken != nil { throw StoreError.duplicate("hash list name") }
            try await db.raw(
                """
                INSERT INTO hash_lists (id, name, category, owner, match_threshold, minimum_quality, action, defender_id, created_at)
                VALUES (\(bind: list.id.description), \(bind: list.name), \(bind: list.category.rawValue), \(bind: list.owner),
                    \(bind: list.matchThreshold), \(bind: list.minimumQuality), \(bind: list.action.rawValue),
                    \(bind: list.defenderID?.description), \(bind: Timestamp.millis(list.createdAt)))
                """
            ).run()
            try await Self.bump(db)
            try await SQLAuditTrail.append(
                AuditEntry(actor: actor, action: "hash_list.created", subject: "hash_list:\(list.id)",
                           detail: ["category": list.category.rawValue, "action": list.action.rawValue]),
                on: db, engine: engine, at: clock.now)
        }
    }

    public func lists() async throws -> [(list: HashList, entries: Int)] {
        try await source.withConnection { db in
            let rows = try await db.raw(
                """
                SELECT l.*, (SELECT COUNT(*) FROM hash_list_entries e WHERE e.list_id = l.id) AS entry_count
                FROM hash_lists l ORDER BY l.name
                """
            ).all()
            return try rows.map { (try Self.list(from: $0), try $0.decode(column: "entry_count", as: Int.self)) }
        }
    }

    public func list(id: HashList.ID) async throws -> HashList? {
        try await source.withConnection { db in
            try await db.raw("SELECT * FROM hash_lists WHERE id = \(bind: id.description)").first().map(Self.list(from:))
        }
    }

    public func referenceList(of defender: Defender.ID) async throws -> HashList? {
        try await source.withConnection { db in
            try await db.raw("SELECT * FROM hash_lists WHERE defender_id = \(bind: defender.description)").first().map(Self.list(from:))
        }
    }

    public func add(_ signals: [HashSignal], to listID: HashList.ID, by actor: String, at date: Date) async throws -> Int {
        guard let list = try await list(id: listID) else { throw StoreError.notFound("hash list") }
        let sealed = list.category == .defenderReferencePhotos
        // Sealing is done before the transaction: it is the slow part and needs no database.
        var rows: [Row] = []
        var seen = Set<HashSignal>()
        for signal in signals where seen.insert(signal).inserted {
            let id = UUID().uuidString.lowercased()
            let sealedValue = sealed ? try sealer.seal(signal.value, context: "hash_list_entries.value:\(id)") : nil
            rows.append(Row(id: id, signal: signal, sealed: sealedValue))
        }
        let prepared = rows
        return try await source.transaction { [clock, sealer, engine = source.engine] db in
            var fresh = prepared
            if sealed {
                // Sealed values cannot be compared in SQL: open the few a defender has.
                var existing = Set<HashSignal>()
                for row in try await db.raw("SELECT id, kind, value_sealed FROM hash_list_entries WHERE list_id = \(bind: listID.description)").all() {
                    let id = try row.decode(column: "id", as: String.self)
                    let value = try sealer.openText(try row.decode(column: "value_sealed", as: String.self), context: "hash_list_entries.value:\(id)")
                    if let kind = HashSignal.Kind(rawValue: try row.decode(column: "kind", as: String.self)), let signal = HashSignal(kind: kind, value: value) {
                        existing.insert(signal)
                    }
                }
                fresh.removeAll { existing.contains($0.signal) }
            }
            var added = 0
            var start = 0
            while start < fresh.count {
                let end = min(start + Self.batch, fresh.count)
                added += try await Self.insert(Array(fresh[start..<end]), list: listID, at: date, on: db)
                start = end
            }
            if added > 0 {
                try await Self.bump(db)
                try await SQLAuditTrail.append(
                    AuditEntry(actor: actor, action: "hash_list.hashes_added", subject: "hash_list:\(listID)", detail: ["count": String(added)]),
                    on: db, engine: engine, at: clock.now)
            }
            return added
        }
    }

    private struct Row: Sendable {
        let id: String
        let signal: HashSignal
        /// The sealed value, for reference-photo lists; the plain value goes in `value` otherwise.
        let sealed: String?
    }

    private static func insert(_ rows: [Row], list: HashList.ID, at date: Date, on db: any SQLDatabase) async throws -> Int {
        guard !rows.isEmpty else { return 0 }
        let values: [SQLQueryString] = rows.map { row in
            "(\(bind: row.id), \(bind: list.description), \(bind: row.signal.kind.rawValue), \(bind: row.sealed == nil ? row.signal.value : nil), \(bind: row.sealed), \(bind: Timestamp.millis(date)))"
        }
        let query: SQLQueryString = "INSERT INTO hash_list_entries (id, list_id, kind, value, value_sealed, added_at) VALUES "
            + values.joined(separator: ", ") + " ON CONFLICT DO NOTHING RETURNING id"
        return try await db.raw(query).all().count
    }

    public func remove(_ signal: HashSignal, from listID: HashList.ID, by actor: String) async throws -> Bool {
        guard let list = try await list(id: listID) else { throw StoreError.notFound("hash list") }
        return try await source.transaction { [clock, sealer, engine = source.engine] db in
            var ids: [String] = []
            if list.category == .defenderReferencePhotos {
                for row in try await db.raw("SELECT id, value_sealed FROM hash_list_entries WHERE list_id = \(bind: listID.description) AND kind = \(bind: signal.kind.rawValue)").all() {
                    let id = try row.decode(column: "id", as: String.self)
                    if try sealer.openText(try row.decode(column: "value_sealed", as: String.self), context: "hash_list_entries.value:\(id)") == signal.value {
                        ids.append(id)
                    }
                }
            } else {
                ids = try await db.raw(
                    "SELECT id FROM hash_list_entries WHERE list_id = \(bind: listID.description) AND kind = \(bind: signal.kind.rawValue) AND value = \(bind: signal.value)"
                ).all().map { try $0.decode(column: "id", as: String.self) }
            }
            guard !ids.isEmpty else { return false }
            for id in ids { try await db.raw("DELETE FROM hash_list_entries WHERE id = \(bind: id)").run() }
            try await Self.bump(db)
            try await SQLAuditTrail.append(
                AuditEntry(actor: actor, action: "hash_list.hash_removed", subject: "hash_list:\(listID)"), on: db, engine: engine, at: clock.now)
            return true
        }
    }

    public func entries(of listID: HashList.ID) async throws -> [HashSignal] {
        try await source.withConnection { [sealer] db in
            try await db.raw("SELECT * FROM hash_list_entries WHERE list_id = \(bind: listID.description) ORDER BY added_at, id").all().compactMap {
                try Self.entry(from: $0, sealer: sealer)?.signal
            }
        }
    }

    public func allEntries() async throws -> [HashListEntry] {
        try await source.withConnection { [sealer] db in
            try await db.raw("SELECT * FROM hash_list_entries").all().compactMap { try Self.entry(from: $0, sealer: sealer) }
        }
    }

    public func delete(_ listID: HashList.ID, by actor: String) async throws {
        try await source.transaction { [clock, engine = source.engine] db in
            try await Self.deleteList(listID, on: db)
            try await SQLAuditTrail.append(
                AuditEntry(actor: actor, action: "hash_list.deleted", subject: "hash_list:\(listID)"), on: db, engine: engine, at: clock.now)
        }
    }

    static func deleteList(_ listID: HashList.ID, on db: any SQLDatabase) async throws {
        try await db.raw("DELETE FROM hash_list_entries WHERE list_id = \(bind: listID.description)").run()
        try await db.raw("DELETE FROM hash_lists WHERE id = \(bind: listID.description)").run()
        try await bump(db)
    }

    public func changeMark() async throws -> Int64 {
        try await source.withConnection { db in
            try await db.raw("SELECT value FROM store_counters WHERE name = 'hash_lists'").first()?.decode(column: "value", as: Int64.self) ?? 0
        }
    }

    static func bump(_ db: any SQLDatabase) async throws {
        try await db.raw("UPDATE store_counters SET value = value + 1 WHERE name = 'hash_lists'").run()
    }

    private static func entry(from row: any SQLRow, sealer: Sealer) throws -> HashListEntry? {
        let id = try row.decode(column: "id", as: String.self)
        guard let kind = HashSignal.Kind(rawValue: try row.decode(column: "kind", as: String.self)),
            let listID = HashList.ID(try row.decode(column: "list_id", as: String.self))
        else { return nil }
        let value: String
        if let sealed = try row.decode(column: "value_sealed", as: String?.self) {
            value = try sealer.openText(sealed, context: "hash_list_entries.value:\(id)")
        } else {
            value = try row.decode(column: "value", as: String.self)
        }
        guard let signal = HashSignal(kind: kind, value: value) else { return nil }
        return HashListEntry(listID: listID, signal: signal, addedAt: Timestamp.date(try row.decode(column: "added_at", as: Int64.self)))
    }

    private static func list(from row: any SQLRow) throws -> HashList {
        HashList(
            id: HashList.ID(try row.decode(column: "id", as: String.self)) ?? HashList.ID(),
            name: try row.decode(column: "name", as: String.self),
            category: HashList.Category(rawValue: try row.decode(column: "category", as: String.self)) ?? .partnerList,
            owner: try row.decode(column: "owner", as: String.self),
            matchThreshold: try row.decode(column: "match_threshold", as: Int.self),
            minimumQuality: try row.decode(column: "minimum_quality", as: Int.self),
            action: HashList.Action(rawValue: try row.decode(column: "action", as: String.self)) ?? .countOnly,
            defenderID: try row.decode(column: "defender_id", as: String?.self).flatMap(Defender.ID.init),
            createdAt: Timestamp.date(try row.decode(column: "created_at", as: Int64.self)))
    }
}
