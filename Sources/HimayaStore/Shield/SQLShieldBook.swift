public import HimayaCore
public import Foundation
import SQLKit

/// Shields in `shield_settings`, `shield_blocks`, `shield_held`, `pile_ons` and `pile_on_members`.
/// Accounts and excerpts are sealed; accounts are matched by keyed index (`post-author:`, the
/// same key the scan gives an item's author).
public struct SQLShieldBook: ShieldBook {
    private let source: any SQLConnectionSource
    private let sealer: Sealer
    private let index: BlindIndex
    private let clock: WallClock

    init(source: any SQLConnectionSource, sealer: Sealer, index: BlindIndex, clock: WallClock) {
        self.source = source
        self.sealer = sealer
        self.index = index
        self.clock = clock
    }

    public func settings(of defender: Defender.ID) async throws -> ShieldSettings {
        let row = try await source.withConnection { db in
            try await db.raw("SELECT * FROM shield_settings WHERE defender_id = \(bind: defender.description)").first()
        }
        guard let row else { return .off }
        return ShieldSettings(
            isOn: try row.decode(column: "is_on", as: Int.self) != 0, newAccountDays: try row.decode(column: "new_account_days", as: Int.self),
            holdPileOn: try row.decode(column: "hold_pile_on", as: Int.self) != 0, holdBlockList: try row.decode(column: "hold_block_list", as: Int.self) != 0)
    }

    public func save(_ settings: ShieldSettings, for defender: Defender.ID, by actor: String, message: (PlatformMessage, Data)) async throws {
        try await source.transaction { [clock, sealer, engine = source.engine] db in
            let now = clock.now
            try await db.raw(
                """
                INSERT INTO shield_settings (defender_id, is_on, new_account_days, hold_pile_on, hold_block_list, changed_at)
                VALUES (\(bind: defender.description), \(bind: settings.isOn ? 1 : 0), \(bind: settings.newAccountDays), \(bind: settings.holdPileOn ? 1 : 0),
                    \(bind: settings.holdBlockList ? 1 : 0), \(bind: Timestamp.millis(now)))
                ON CONFLICT (defender_id) DO UPDATE SET is_on = excluded.is_on, new_account_days = excluded.new_account_days,
                    hold_pile_on = excluded.hold_pile_on, hold_block_list = excluded.hold_block_list, changed_at = excluded.changed_at
                """
            ).run()
            try await SQLPlatformOutbox.insert([message], sealer: sealer, on: db, now: now)
            try await SQLAuditTrail.append(
                AuditEntry(actor: actor, action: settings.isOn ? "shield.on" : "shield.off", subject: "defender:\(defender)",
                           detail: ["new_account_days": String(settings.newAccountDays), "pile_on": settings.holdPileOn ? "yes" : "no",
                                    "block_list": settings.holdBlockList ? "yes" : "no"]),
                on: db, engine: engine, at: now)
        }
    }

    // MARK: Block list

    public func blockList(of defender: Defender.ID) async throws -> [BlockedAccount] {
        let rows = try await source.withConnection { db in
            try await db.raw("SELECT * FROM shield_blocks WHERE defender_id = \(bind: defender.description) ORDER BY added_at DESC, id").all()
        }
        return try rows.compactMap { row in
            let raw = try row.decode(column: "id", as: String.self)
            guard let id = BlockedAccount.ID(raw) else { return nil }
            return BlockedAccount(
                id: id, account: try sealer.openText(try row.decode(column: "account_sealed", as: String.self), context: "shield_blocks.account:\(raw)"),
                source: BlockedAccount.Source(rawValue: try row.decode(column: "source", as: String.self)) ?? .added,
                addedAt: Timestamp.date(try row.decode(column: "added_at", as: Int64.self)))
        }
    }

    public func isBlocked(_ account: String, by defender: Defender.ID) async throws -> Bool {
        let key = index.postAuthor(account)
        return try await source.withConnection { db in
            try await db.raw(
                "SELECT id FROM shield_blocks WHERE defender_id = \(bind: defender.description) AND account_index = \(bind: key)"
            ).first() != nil
        }
    }

    public func block(_ accounts: [String], for defender: Defender.ID, source kind: BlockedAccount.Source, by actor: String, message: (PlatformMessage, Data)?) async throws {
        let entries = try accounts.map { account -> (String, String, String) in
            let id = BlockedAccount.ID().description
            return (id, index.postAuthor(account), try sealer.seal(account, context: "shield_blocks.account:\(id)"))
        }
        try await source.transaction { [clock, sealer, engine = source.engine] db in
            let now = clock.now
            var added = 0
            for (id, key, sealed) in entries {
                // An account already on the list stays as it was.
                let inserted = try await db.raw(
                    """
                    INSERT INTO shield_blocks (id, defender_id, account_index, account_sealed, source, added_at)
                    VALUES (\(bind: id), \(bind: defender.description), \(bind: key), \(bind: sealed), \(bind: kind.rawValue), \(bind: Timestamp.millis(now)))
                    ON CONFLICT (defender_id, account_index) DO NOTHING RETURNING id
                    """
                ).first()
                if inserted != nil { added += 1 }
            }
            if let message { try await SQLPlatformOutbox.insert([message], sealer: sealer, on: db, now: now) }
            try await SQLAuditTrail.append(
                AuditEntry(actor: actor, action: "shield.blocked", subject: "defender:\(defender)", detail: ["accounts": String(added), "source": kind.rawValue]),
                on: db, engine: engine, at: now)
        }
    }

    public func unblock(_ id: BlockedAccount.ID, for defender: Defender.ID, by actor: String) async throws -> Bool {
        try await source.transaction { [clock, engine = source.engine] db in
            guard try await db.raw(
                "DELETE FROM shield_blocks WHERE id = \(bind: id.description) AND defender_id = \(bind: defender.description) RETURNING id"
            ).first() != nil else { return false }
            try await SQLAuditTrail.append(
                AuditEntry(actor: actor, action: "shield.unblocked", subject: "defender:\(defender)", detail: [:]), on: db, engine: engine, at: clock.now)
            return true
        }
    }

    // MARK: Held folder

    public func hold(_ item: HeldItem, message: (PlatformMessage, Data)) async throws {
        let author = try sealer.seal(item.author, context: "shield_held.author:\(item.id)")
        let excerpt = try sealer.seal(item.excerpt, context: "shield_held.excerpt:\(item.id)")
        try await source.transaction { [clock, sealer, engine = source.engine] db in
            let now = clock.now
            try await db.raw(
                """
                INSERT INTO shield_held (id, defender_id, content_id, author_sealed, kind, reasons, excerpt_sealed, state, held_at)
                VALUES (\(bind: item.id.description), \(bind: item.defenderID.description), \(bind: item.contentID), \(bind: author), \(bind: item.kind.rawValue),
                    \(bind: item.reasons.map(\.rawValue).joined(separator: " ")), \(bind: excerpt), \(bind: item.state.rawValue), \(bind: Timestamp.millis(item.heldAt)))
                """
            ).run()
            try await SQLPlatformOutbox.insert([message], sealer: sealer, on: db, now: now)
            // What was dealt with is kept a while for the defender to look back on, then goes.
            try await db.raw(
                "DELETE FROM shield_held WHERE state <> 'held' AND resolved_at < \(bind: Timestamp.millis(now.addingTimeInterval(-HeldItem.keptAfterReview)))"
            ).run()
            try await SQLAuditTrail.append(
                AuditEntry(actor: "himaya", action: "shield.held", subject: "defender:\(item.defenderID)",
                           detail: ["item": item.id.description, "reasons": item.reasons.map(\.rawValue).joined(separator: " ")]),
                on: db, engine: engine, at: now)
        }
    }

    public func held(of defender: Defender.ID) async throws -> [HeldItem] {
        let rows = try await source.withConnection { db in
            try await db.raw("SELECT * FROM shield_held WHERE defender_id = \(bind: defender.description) ORDER BY held_at DESC, id").all()
        }
        return try rows.compactMap { row in
            let raw = try row.decode(column: "id", as: String.self)
            guard let id = HeldItem.ID(raw) else { return nil }
            return HeldItem(
                id: id, defenderID: defender, contentID: try row.decode(column: "content_id", as: String.self),
                author: try sealer.openText(try row.decode(column: "author_sealed", as: String.self), context: "shield_held.author:\(raw)"),
                kind: InteractionKind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .reply,
                reasons: try row.decode(column: "reasons", as: String.self).split(separator: " ").compactMap { HoldReason(rawValue: String($0)) },
                excerpt: try sealer.openText(try row.decode(column: "excerpt_sealed", as: String.self), context: "shield_held.excerpt:\(raw)"),
                heldAt: Timestamp.date(try row.decode(column: "held_at", as: Int64.self)),
                state: HeldItem.State(rawValue: try row.decode(column: "state", as: String.self)) ?? .held)
        }
    }

    public func resolve(_ id: HeldItem.ID, of defender: Defender.ID, to state: HeldItem.State, by actor: String, messages: [(PlatformMessage, Data)]) async throws -> Bool {
        try await source.transaction { [clock, sealer, engine = source.engine] db in
            let now = clock.now
            guard try await db.raw(
                """
                UPDATE shield_held SET state = \(bind: state.rawValue), resolved_at = \(bind: Timestamp.millis(now))
                WHERE id = \(bind: id.description) AND defender_id = \(bind: defender.description) AND state = 'held' RETURNING id
                """
            ).first() != nil else { return false }
            try await SQLPlatformOutbox.insert(messages, sealer: sealer, on: db, now: now)
            try await SQLAuditTrail.append(
                AuditEntry(actor: actor, action: "shield.\(state.rawValue)", subject: "defender:\(defender)", detail: ["item": id.description]),
                on: db, engine: engine, at: now)
            return true
        }
    }

    // MARK: Pile-ons

    public func recordPileOn(for defender: Defender.ID, members: [(index: String, account: String)], coordinated: Bool, at date: Date) async throws -> PileOn {
        try await source.transaction { [sealer, engine = source.engine] db in
            var pileOn: PileOn
            if let last = try await db.raw(
                "SELECT * FROM pile_ons WHERE defender_id = \(bind: defender.description) ORDER BY last_seen_at DESC LIMIT 1"
            ).first().map(Self.pileOn), last.continues(at: date) {
                pileOn = last
                pileOn.lastSeenAt = date
                pileOn.coordinated = pileOn.coordinated || coordinated
                try await db.raw(
                    """
                    UPDATE pile_ons SET last_seen_at = \(bind: Timestamp.millis(date)), coordinated = \(bind: pileOn.coordinated ? 1 : 0)
                    WHERE id = \(bind: pileOn.id.description)
                    """
                ).run()
            } else {
                pileOn = PileOn(defenderID: defender, startedAt: date, lastSeenAt: date, accountCount: 0, coordinated: coordinated)
                try await db.raw(
                    """
                    INSERT INTO pile_ons (id, defender_id, started_at, last_seen_at, coordinated)
                    VALUES (\(bind: pileOn.id.description), \(bind: defender.description), \(bind: Timestamp.millis(date)), \(bind: Timestamp.millis(date)),
                        \(bind: coordinated ? 1 : 0))
                    """
                ).run()
                try await SQLAuditTrail.append(
                    AuditEntry(actor: "himaya", action: "pile_on.detected", subject: "defender:\(defender)", detail: ["pile_on": pileOn.id.description]),
                    on: db, engine: engine, at: date)
            }
            let known = Set(try await db.raw("SELECT author_index FROM pile_on_members WHERE pile_on_id = \(bind: pileOn.id.description)").all()
                .map { try $0.decode(column: "author_index", as: String.self) })
            for member in members where !known.contains(member.index) {
                let sealed = try sealer.seal(member.account, context: "pile_on_members.account:\(pileOn.id):\(member.index)")
                try await db.raw(
                    """
                    INSERT INTO pile_on_members (pile_on_id, author_index, account_sealed)
                    VALUES (\(bind: pileOn.id.description), \(bind: member.index), \(bind: sealed))
                    """
                ).run()
            }
            pileOn.accountCount = known.union(members.map(\.index)).count
            return pileOn
        }
    }

    public func pileOns(of defender: Defender.ID) async throws -> [PileOn] {
        try await source.withConnection { db in
            try await db.raw(
                """
                SELECT p.*, (SELECT COUNT(*) FROM pile_on_members m WHERE m.pile_on_id = p.id) AS account_count
                FROM pile_ons p WHERE p.defender_id = \(bind: defender.description) ORDER BY p.last_seen_at DESC
                """
            ).all().map(Self.pileOn)
        }
    }

    public func isInPileOn(_ authorIndex: String, against defender: Defender.ID, at date: Date) async throws -> Bool {
        let since = Timestamp.millis(date.addingTimeInterval(-PileOnDetector.window))
        return try await source.withConnection { db in
            try await db.raw(
                """
                SELECT m.author_index FROM pile_on_members m JOIN pile_ons p ON p.id = m.pile_on_id
                WHERE p.defender_id = \(bind: defender.description) AND p.last_seen_at >= \(bind: since) AND m.author_index = \(bind: authorIndex)
                """
            ).first() != nil
        }
    }

    public func members(of pileOn: PileOn.ID, for defender: Defender.ID) async throws -> [String] {
        let rows = try await source.withConnection { db in
            try await db.raw(
                """
                SELECT m.author_index, m.account_sealed FROM pile_on_members m JOIN pile_ons p ON p.id = m.pile_on_id
                WHERE p.id = \(bind: pileOn.description) AND p.defender_id = \(bind: defender.description) ORDER BY m.author_index
                """
            ).all()
        }
        return try rows.map { row in
            try sealer.openText(try row.decode(column: "account_sealed", as: String.self),
                                context: "pile_on_members.account:\(pileOn):\(try row.decode(column: "author_index", as: String.self))")
        }
    }

    public func act(on pileOn: PileOn.ID, for defender: Defender.ID, action: PileOn.Action, by actor: String) async throws -> Bool {
        try await source.transaction { [clock, engine = source.engine] db in
            let now = clock.now
            guard try await db.raw(
                """
                UPDATE pile_ons SET action = \(bind: action.rawValue), acted_at = \(bind: Timestamp.millis(now))
                WHERE id = \(bind: pileOn.description) AND defender_id = \(bind: defender.description) RETURNING id
                """
            ).first() != nil else { return false }
            try await SQLAuditTrail.append(
                AuditEntry(actor: actor, action: "pile_on.\(action.rawValue)", subject: "defender:\(defender)", detail: ["pile_on": pileOn.description]),
                on: db, engine: engine, at: now)
            return true
        }
    }

    private static func pileOn(_ row: any SQLRow) throws -> PileOn {
        PileOn(
            id: PileOn.ID(try row.decode(column: "id", as: String.self)) ?? PileOn.ID(),
            defenderID: Defender.ID(try row.decode(column: "defender_id", as: String.self)) ?? Defender.ID(),
            startedAt: Timestamp.date(try row.decode(column: "started_at", as: Int64.self)),
            lastSeenAt: Timestamp.date(try row.decode(column: "last_seen_at", as: Int64.self)),
            accountCount: (try? row.decode(column: "account_count", as: Int.self)) ?? 0,
            coordinated: try row.decode(column: "coordinated", as: Int.self) != 0,
            action: try row.decode(column: "action", as: String?.self).flatMap(PileOn.Action.init(rawValue:)))
    }
}
