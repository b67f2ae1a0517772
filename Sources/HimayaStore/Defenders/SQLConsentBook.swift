public import HimayaCore
public import Foundation
import SQLKit

/// Consents in `defender_consents`, one row a defender and purpose, and the partners named under
/// the consent to partner sharing in `defender_partner_shares`. Withdrawing a consent deletes, in
/// the same transaction, what it covered: for reference photos their hashes; for mention
/// detection the watched terms, the posts seen and the pile-ons found from them; for partner
/// sharing every partner named.
public struct SQLConsentBook: ConsentBook {
    private let source: any SQLConnectionSource
    private let clock: WallClock

    init(source: any SQLConnectionSource, clock: WallClock) {
        self.source = source
        self.clock = clock
    }

    public func grant(_ purpose: ConsentPurpose, for defender: Defender.ID, recordedBy: String, at date: Date) async throws {
        try await source.transaction { [clock, engine = source.engine] db in
            let row = try await db.raw(
                "SELECT withdrawn_at FROM defender_consents WHERE defender_id = \(bind: defender.description) AND purpose = \(bind: purpose.rawValue)"
            ).first()
            if let row {
                // Already granted and not withdrawn: nothing to record again.
                guard try row.decode(column: "withdrawn_at", as: Int64?.self) != nil else { return }
                try await db.raw(
                    """
                    UPDATE defender_consents SET granted_at = \(bind: Timestamp.millis(date)), recorded_by = \(bind: recordedBy), withdrawn_at = NULL
                    WHERE defender_id = \(bind: defender.description) AND purpose = \(bind: purpose.rawValue)
                    """
                ).run()
            } else {
                try await db.raw(
                    """
                    INSERT INTO defender_consents (defender_id, purpose, granted_at, recorded_by)
                    VALUES (\(bind: defender.description), \(bind: purpose.rawValue), \(bind: Timestamp.millis(date)), \(bind: recordedBy))
                    """
                ).run()
            }
            try await db.raw("UPDATE store_counters SET value = value + 1 WHERE name = 'protected_accounts'").run()
            try await SQLAuditTrail.append(
                AuditEntry(actor: recordedBy, action: "consent.granted", subject: "defender:\(defender)", detail: ["purpose": purpose.rawValue]),
                on: db, engine: engine, at: clock.now)
        }
    }

    public func withdraw(_ purpose: ConsentPurpose, for defender: Defender.ID, recordedBy: String, at date: Date) async throws {
        try await source.transaction { [clock, engine = source.engine] db in
            try await db.raw(
                """
                UPDATE defender_consents SET withdrawn_at = \(bind: Timestamp.millis(date))
                WHERE defender_id = \(bind: defender.description) AND purpose = \(bind: purpose.rawValue) AND withdrawn_at IS NULL
                """
            ).run()
            if purpose == .referencePhotos {
                for row in try await db.raw("SELECT id FROM hash_lists WHERE defender_id = \(bind: defender.description)").all() {
                    if let id = HashList.ID(try row.decode(column: "id", as: String.self)) {
                        try await SQLHashListStore.deleteList(id, on: db)
                    }
                }
            }
            if purpose == .mentionDetection {
                // What watching covered goes with it: the terms watched for and the posts seen.
                try await db.raw("DELETE FROM watch_terms WHERE defender_id = \(bind: defender.description)").run()
                try await db.raw("DELETE FROM mention_events WHERE defender_id = \(bind: defender.description)").run()
                try await db.raw(
                    "DELETE FROM pile_on_members WHERE pile_on_id IN (SELECT id FROM pile_ons WHERE defender_id = \(bind: defender.description))"
                ).run()
                try await db.raw("DELETE FROM pile_ons WHERE defender_id = \(bind: defender.description)").run()
            }
            if purpose == .partnerSharing {
                try await db.raw("DELETE FROM defender_partner_shares WHERE defender_id = \(bind: defender.description)").run()
            }
            try await db.raw("UPDATE store_counters SET value = value + 1 WHERE name = 'protected_accounts'").run()
            try await SQLAuditTrail.append(
                AuditEntry(actor: recordedBy, action: "consent.withdrawn", subject: "defender:\(defender)", detail: ["purpose": purpose.rawValue]),
                on: db, engine: engine, at: clock.now)
        }
    }

    public func records(of defender: Defender.ID) async throws -> [ConsentRecord] {
        try await source.withConnection { db in
            try await db.raw("SELECT * FROM defender_consents WHERE defender_id = \(bind: defender.description) ORDER BY purpose").all().compactMap { row in
                guard let purpose = ConsentPurpose(rawValue: try row.decode(column: "purpose", as: String.self)) else { return nil }
                return ConsentRecord(
                    defenderID: defender, purpose: purpose, grantedAt: Timestamp.date(try row.decode(column: "granted_at", as: Int64.self)),
                    recordedBy: try row.decode(column: "recorded_by", as: String.self),
                    withdrawnAt: try row.decode(column: "withdrawn_at", as: Int64?.self).map(Timestamp.date))
            }
        }
    }

    public func holds(_ purpose: ConsentPurpose, for defender: Defender.ID) async throws -> Bool {
        try await records(of: defender).contains { $0.purpose == purpose && $0.isActive }
    }

    public func name(_ partner: Partner.ID, toSee defender: Defender.ID, recordedBy: String, at date: Date) async throws -> Bool {
        try await source.transaction { [clock, engine = source.engine] db in
            guard try await Self.sharingConsented(defender, on: db) else { return false }
            if try await db.raw(
                "SELECT partner_id FROM defender_partner_shares WHERE defender_id = \(bind: defender.description) AND partner_id = \(bind: partner.description)"
            ).first() == nil {
                try await db.raw(
                    """
                    INSERT INTO defender_partner_shares (defender_id, partner_id, named_at, recorded_by)
                    VALUES (\(bind: defender.description), \(bind: partner.description), \(bind: Timestamp.millis(date)), \(bind: recordedBy))
                    """
                ).run()
                try await SQLAuditTrail.append(
                    AuditEntry(actor: recordedBy, action: "sharing.partner_named", subject: "defender:\(defender)", detail: ["partner": partner.description]),
                    on: db, engine: engine, at: clock.now)
            }
            return true
        }
    }

    public func unname(_ partner: Partner.ID, for defender: Defender.ID, recordedBy: String) async throws -> Bool {
        try await source.transaction { [clock, engine = source.engine] db in
            guard try await db.raw(
                """
                DELETE FROM defender_partner_shares WHERE defender_id = \(bind: defender.description) AND partner_id = \(bind: partner.description)
                RETURNING partner_id
                """
            ).first() != nil else { return false }
            try await SQLAuditTrail.append(
                AuditEntry(actor: recordedBy, action: "sharing.partner_removed", subject: "defender:\(defender)", detail: ["partner": partner.description]),
                on: db, engine: engine, at: clock.now)
            return true
        }
    }

    public func namedPartners(of defender: Defender.ID) async throws -> [Partner.ID] {
        try await source.withConnection { db in
            try await db.raw(
                """
                SELECT s.partner_id FROM defender_partner_shares s
                JOIN defender_consents c ON c.defender_id = s.defender_id AND c.purpose = 'partner_sharing' AND c.withdrawn_at IS NULL
                WHERE s.defender_id = \(bind: defender.description) ORDER BY s.named_at, s.partner_id
                """
            ).all().compactMap { Partner.ID(try $0.decode(column: "partner_id", as: String.self)) }
        }
    }

    public func defenders(sharingWith partner: Partner.ID) async throws -> [Defender.ID] {
        try await source.withConnection { db in
            try await db.raw(
                """
                SELECT s.defender_id FROM defender_partner_shares s
                JOIN defender_consents c ON c.defender_id = s.defender_id AND c.purpose = 'partner_sharing' AND c.withdrawn_at IS NULL
                WHERE s.partner_id = \(bind: partner.description) ORDER BY s.named_at, s.defender_id
                """
            ).all().compactMap { Defender.ID(try $0.decode(column: "defender_id", as: String.self)) }
        }
    }

    private static func sharingConsented(_ defender: Defender.ID, on db: any SQLDatabase) async throws -> Bool {
        try await db.raw(
            """
            SELECT purpose FROM defender_consents
            WHERE defender_id = \(bind: defender.description) AND purpose = 'partner_sharing' AND withdrawn_at IS NULL
            """
        ).first() != nil
    }
}
