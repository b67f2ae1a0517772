public import HimayaCore
public import Foundation
import SQLKit

/// Defenders' sign-ins in `defender_logins` (TOTP secret sealed) and sessions in `defender_sessions`.
public struct SQLDefenderLogins: DefenderLogins {
    private let source: any SQLConnectionSource
    private let sealer: Sealer
    private let clock: WallClock

    init(source: any SQLConnectionSource, sealer: Sealer, clock: WallClock) {
        self.source = source
        self.sealer = sealer
        self.clock = clock
    }

    public func create(_ login: DefenderLogin, usernameIndex: String) async throws {
        let sealed = try sealer.seal(login.totpSecret, context: "defender_logins.totp_secret:\(login.defenderID)")
        try await source.transaction { [clock] db in
            if try await db.raw("SELECT defender_id FROM defender_logins WHERE username_index = \(bind: usernameIndex)").first() != nil {
                throw StoreError.duplicate("username")
            }
            try await db.raw(
                """
                INSERT INTO defender_logins (defender_id, username_index, password_hash, totp_secret_sealed, last_time_step, failed_attempts, recovery_hashes, created_at)
                VALUES (\(bind: login.defenderID.description), \(bind: usernameIndex), \(bind: login.passwordHash), \(bind: sealed), \(bind: login.lastTimeStep), 0,
                    \(bind: login.recoveryCodeHashes.joined(separator: " ")), \(bind: Timestamp.millis(clock.now)))
                """
            ).run()
        }
    }

    public func login(usernameIndex: String) async throws -> DefenderLogin? {
        let row = try await source.withConnection { db in
            try await db.raw("SELECT * FROM defender_logins WHERE username_index = \(bind: usernameIndex)").first()
        }
        guard let row, let id = Defender.ID(try row.decode(column: "defender_id", as: String.self)) else { return nil }
        return DefenderLogin(
            defenderID: id, passwordHash: try row.decode(column: "password_hash", as: String.self),
            totpSecret: try sealer.openText(try row.decode(column: "totp_secret_sealed", as: String.self), context: "defender_logins.totp_secret:\(id)"),
            lastTimeStep: try row.decode(column: "last_time_step", as: Int64?.self),
            lockout: SignInLockout(
                failures: try row.decode(column: "failed_attempts", as: Int.self),
                lockedUntil: try row.decode(column: "locked_until", as: Int64?.self).map(Timestamp.date)),
            recoveryCodeHashes: try row.decode(column: "recovery_hashes", as: String.self).split(separator: " ").map(String.init))
    }

    public func hasLogin(_ defender: Defender.ID) async throws -> Bool {
        try await source.withConnection { db in
            try await db.raw("SELECT defender_id FROM defender_logins WHERE defender_id = \(bind: defender.description)").first() != nil
        }
    }

    public func reset(_ defender: Defender.ID, audit: AuditEntry) async throws -> Bool {
        try await source.transaction { [clock, engine = source.engine] db in
            let had = try await db.raw(
                "DELETE FROM defender_logins WHERE defender_id = \(bind: defender.description) RETURNING defender_id"
            ).first() != nil
            try await db.raw("DELETE FROM defender_sessions WHERE defender_id = \(bind: defender.description)").run()
            if had { try await SQLAuditTrail.append(audit, on: db, engine: engine, at: clock.now) }
            return had
        }
    }

    public func record(_ defender: Defender.ID, lockout: SignInLockout, usedTimeStep: Int64?, spentRecoveryCode: String?, audit: AuditEntry) async throws {
        try await source.transaction { [clock, engine = source.engine] db in
            try await db.raw(
                """
                UPDATE defender_logins SET failed_attempts = \(bind: lockout.failures), locked_until = \(bind: lockout.lockedUntil.map(Timestamp.millis)),
                    last_time_step = COALESCE(\(bind: usedTimeStep), last_time_step)
                WHERE defender_id = \(bind: defender.description)
                """
            ).run()
            if let spent = spentRecoveryCode,
                let row = try await db.raw("SELECT recovery_hashes FROM defender_logins WHERE defender_id = \(bind: defender.description)").first()
            {
                let left = try row.decode(column: "recovery_hashes", as: String.self).split(separator: " ").map(String.init).filter { $0 != spent }
                try await db.raw(
                    "UPDATE defender_logins SET recovery_hashes = \(bind: left.joined(separator: " ")) WHERE defender_id = \(bind: defender.description)"
                ).run()
            }
            try await SQLAuditTrail.append(audit, on: db, engine: engine, at: clock.now)
        }
    }

    public func issueLink(tokenHash: String, for defender: Defender.ID, expiresAt: Date) async throws {
        try await source.withConnection { db in
            try await db.raw(
                """
                INSERT INTO defender_sign_in_links (token_hash, defender_id, expires_at)
                VALUES (\(bind: tokenHash), \(bind: defender.description), \(bind: Timestamp.millis(expiresAt)))
                """
            ).run()
        }
    }

    public func redeemLink(tokenHash: String, at date: Date) async throws -> Defender.ID? {
        // One statement deletes and returns, so two clicks at once cannot both spend it.
        let row = try await source.withConnection { db in
            try await db.raw(
                """
                DELETE FROM defender_sign_in_links WHERE token_hash = \(bind: tokenHash) AND expires_at > \(bind: Timestamp.millis(date))
                RETURNING defender_id
                """
            ).first()
        }
        return try row.flatMap { Defender.ID(try $0.decode(column: "defender_id", as: String.self)) }
    }

    public func open(_ session: DefenderSession) async throws {
        try await source.withConnection { db in
            try await db.raw(
                """
                INSERT INTO defender_sessions (token_hash, defender_id, csrf_token, expires_at)
                VALUES (\(bind: session.tokenHash), \(bind: session.defenderID.description), \(bind: session.csrfToken), \(bind: Timestamp.millis(session.expiresAt)))
                """
            ).run()
        }
    }

    public func session(tokenHash: String, at date: Date) async throws -> DefenderSession? {
        try await source.withConnection { db in
            try await db.raw(
                "SELECT * FROM defender_sessions WHERE token_hash = \(bind: tokenHash) AND expires_at > \(bind: Timestamp.millis(date))"
            ).first().flatMap { row in
                guard let id = Defender.ID(try row.decode(column: "defender_id", as: String.self)) else { return nil }
                return DefenderSession(
                    tokenHash: tokenHash, defenderID: id, csrfToken: try row.decode(column: "csrf_token", as: String.self),
                    expiresAt: Timestamp.date(try row.decode(column: "expires_at", as: Int64.self)))
            }
        }
    }

    public func close(tokenHash: String) async throws {
        try await source.withConnection { db in
            try await db.raw("DELETE FROM defender_sessions WHERE token_hash = \(bind: tokenHash)").run()
        }
    }
}
