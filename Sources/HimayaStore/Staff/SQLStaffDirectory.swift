import Foundation
public import HimayaCore
import SQLKit

/// Staff accounts in `staff_accounts`; the TOTP secret is sealed.
public struct SQLStaffDirectory: StaffDirectory {
    private let source: any SQLConnectionSource
    private let sealer: Sealer
    private let clock: WallClock

    public init(source: any SQLConnectionSource, sealer: Sealer, clock: WallClock = .system) {
        self.source = source
        self.sealer = sealer
        self.clock = clock
    }

    public func add(_ account: StaffAccount, credentials: StaffCredentials) async throws {
        let sealedSecret = try sealer.seal(credentials.totpSecret, context: Self.secretContext(account.id))
        try await source.transaction { db in
            let taken = try await db.raw("SELECT id FROM staff_accounts WHERE username = \(bind: account.username)").first()
            if taken != nil { throw StoreError.duplicate("username") }
            try await db.raw(
                """
                INSERT INTO staff_accounts (id, username, display_name, role, languages, regions, password_hash,
                    totp_secret_sealed, failed_attempts, partner_id, created_at)
                VALUES (\(bind: account.id.description), \(bind: account.username), \(bind: account.displayName),
                    \(bind: account.role.rawValue), \(bind: CodeList.encode(account.languages)),
                    \(bind: CodeList.encode(account.regions)), \(bind: credentials.passwordHash), \(bind: sealedSecret),
                    0, \(bind: account.partnerID?.description), \(bind: Timestamp.millis(account.createdAt)))
                """
            ).run()
        }
    }

    public func account(id: StaffAccount.ID) async throws -> StaffAccount? {
        try await source.withConnection { db in
            try await db.raw("SELECT * FROM staff_accounts WHERE id = \(bind: id.description)").first().map(Self.account(from:))
        }
    }

    public func account(username: String) async throws -> (StaffAccount, StaffCredentials)? {
        let row = try await source.withConnection { db in
            try await db.raw("SELECT * FROM staff_accounts WHERE username = \(bind: username)").first()
        }
        guard let row else { return nil }
        let account = try Self.account(from: row)
        let credentials = StaffCredentials(
            passwordHash: try row.decode(column: "password_hash", as: String.self),
            totpSecret: try sealer.openText(
                try row.decode(column: "totp_secret_sealed", as: String.self), context: Self.secretContext(account.id)),
            lastTimeStep: try row.decode(column: "last_time_step", as: Int64?.self))
        return (account, credentials)
    }

    public func all() async throws -> [StaffAccount] {
        try await source.withConnection { db in
            try await db.raw("SELECT * FROM staff_accounts ORDER BY username").all().map(Self.account(from:))
        }
    }

    public func recordSignIn(
        of id: StaffAccount.ID, lockout: SignInLockout, usedTimeStep: Int64?, audit: AuditEntry
    ) async throws {
        try await source.transaction { [clock, engine = source.engine] db in
            try await db.raw(
                """
                UPDATE staff_accounts SET failed_attempts = \(bind: lockout.failures),
                    locked_until = \(bind: lockout.lockedUntil.map(Timestamp.millis)),
                    last_time_step = COALESCE(\(bind: usedTimeStep), last_time_step)
                WHERE id = \(bind: id.description)
                """
            ).run()
            try await SQLAuditTrail.append(audit, on: db, engine: engine, at: clock.now)
        }
    }

    private static func secretContext(_ id: StaffAccount.ID) -> String { "staff_accounts.totp_secret:\(id)" }

    private static func account(from row: any SQLRow) throws -> StaffAccount {
        StaffAccount(
            id: StaffAccount.ID(try row.decode(column: "id", as: String.self)) ?? StaffAccount.ID(),
            username: try row.decode(column: "username", as: String.self),
            displayName: try row.decode(column: "display_name", as: String.self),
            role: StaffRole(rawValue: try row.decode(column: "role", as: String.self)) ?? .auditor,
            languages: CodeList.decode(try row.decode(column: "languages", as: String.self)),
            regions: CodeList.decode(try row.decode(column: "regions", as: String.self)),
            lockout: SignInLockout(
                failures: try row.decode(column: "failed_attempts", as: Int.self),
                lockedUntil: try row.decode(column: "locked_until", as: Int64?.self).map(Timestamp.date)),
            partnerID: try row.decode(column: "partner_id", as: String?.self).flatMap(Partner.ID.init),
            createdAt: Timestamp.date(try row.decode(column: "created_at", as: Int64.self)))
    }
}
