public import HimayaCore
public import Foundation
import SQLKit

/// Delegations in `delegations`; every grant, revocation and use goes to the audit chain under the
/// defender, which is how the defender sees them.
public struct SQLDelegationBook: DelegationBook {
    private let source: any SQLConnectionSource
    private let clock: WallClock

    init(source: any SQLConnectionSource, clock: WallClock) {
        self.source = source
        self.clock = clock
    }

    public func grant(_ delegation: Delegation) async throws {
        try await source.transaction { [clock, engine = source.engine] db in
            try await db.raw(
                """
                INSERT INTO delegations (id, defender_id, partner_id, rights, granted_at, expires_at)
                VALUES (\(bind: delegation.id.description), \(bind: delegation.defenderID.description), \(bind: delegation.partnerID.description),
                    \(bind: delegation.rights.map(\.rawValue).sorted().joined(separator: " ")), \(bind: Timestamp.millis(delegation.grantedAt)),
                    \(bind: Timestamp.millis(delegation.expiresAt)))
                """
            ).run()
            try await SQLAuditTrail.append(
                AuditEntry(actor: "defender:\(delegation.defenderID)", action: "delegation.granted", subject: "defender:\(delegation.defenderID)",
                           detail: ["partner": delegation.partnerID.description, "rights": delegation.rights.map(\.rawValue).sorted().joined(separator: " ")]),
                on: db, engine: engine, at: clock.now)
        }
    }

    public func revoke(_ id: Delegation.ID, by defender: Defender.ID, at date: Date) async throws {
        try await source.transaction { [clock, engine = source.engine] db in
            try await db.raw(
                """
                UPDATE delegations SET revoked_at = \(bind: Timestamp.millis(date))
                WHERE id = \(bind: id.description) AND defender_id = \(bind: defender.description) AND revoked_at IS NULL
                """
            ).run()
            try await SQLAuditTrail.append(
                AuditEntry(actor: "defender:\(defender)", action: "delegation.revoked", subject: "defender:\(defender)", detail: ["delegation": id.description]),
                on: db, engine: engine, at: clock.now)
        }
    }

    public func delegations(of defender: Defender.ID) async throws -> [Delegation] {
        try await source.withConnection { db in
            try await db.raw("SELECT * FROM delegations WHERE defender_id = \(bind: defender.description) ORDER BY granted_at DESC").all().map(Self.delegation(from:))
        }
    }

    public func delegations(to partner: Partner.ID) async throws -> [Delegation] {
        try await source.withConnection { db in
            try await db.raw("SELECT * FROM delegations WHERE partner_id = \(bind: partner.description) ORDER BY granted_at DESC").all().map(Self.delegation(from:))
        }
    }

    public func recordUse(_ delegation: Delegation, right: Delegation.Right, by actor: String) async throws {
        try await SQLAuditTrail(source: source, clock: clock).append(
            AuditEntry(actor: actor, action: "delegation.used", subject: "defender:\(delegation.defenderID)",
                       detail: ["delegation": delegation.id.description, "right": right.rawValue]))
    }

    public func uses(of defender: Defender.ID) async throws -> [AuditEvent] {
        try await source.withConnection { db in
            try await db.raw(
                """
                SELECT * FROM audit_events WHERE subject = \(bind: "defender:\(defender)") AND (action LIKE 'delegation.%' OR action LIKE 'sharing.%')
                ORDER BY sequence DESC LIMIT 50
                """
            ).all().map(SQLAuditTrail.event(from:))
        }
    }

    static func delegation(from row: any SQLRow) throws -> Delegation {
        Delegation(
            id: Delegation.ID(try row.decode(column: "id", as: String.self)) ?? Delegation.ID(),
            defenderID: Defender.ID(try row.decode(column: "defender_id", as: String.self)) ?? Defender.ID(),
            partnerID: Partner.ID(try row.decode(column: "partner_id", as: String.self)) ?? Partner.ID(),
            rights: Set(try row.decode(column: "rights", as: String.self).split(separator: " ").compactMap { Delegation.Right(rawValue: String($0)) }),
            grantedAt: Timestamp.date(try row.decode(column: "granted_at", as: Int64.self)),
            expiresAt: Timestamp.date(try row.decode(column: "expires_at", as: Int64.self)),
            revokedAt: try row.decode(column: "revoked_at", as: Int64?.self).map(Timestamp.date))
    }
}
