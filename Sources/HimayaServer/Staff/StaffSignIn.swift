import HimayaStore
public import Foundation
public import HimayaCore

/// Checks a staff member's password and second factor, applies the lockout, and audits every attempt.
public struct StaffSignIn: Sendable {
    let himaya: Himaya

    /// What an attempt came to.
    public enum Outcome: Sendable, Equatable {
        case signedIn(StaffAccount, StaffSession, token: String)
        case failed
        case locked
    }

    /// How long a session lasts at most, signed in or not used.
    public static let sessionLifetime: TimeInterval = 8 * 3600

    public func attempt(username: String, password: String, code: String) async throws -> Outcome {
        let now = himaya.clock.now
        guard let (account, credentials) = try await himaya.store.staff.account(username: username) else {
            // Spend the same time as a real check, so response times do not reveal which usernames exist.
            _ = try await himaya.passwords.verify(password, against: try await himaya.passwords.dummyHash())
            try await himaya.store.audit.append(
                AuditEntry(actor: "anonymous", action: "staff.sign_in_failed", detail: ["reason": "unknown_account"]))
            return .failed
        }
        let subject = "staff:\(account.id)"
        if account.lockout.isLocked(at: now) {
            try await himaya.store.audit.append(
                AuditEntry(actor: "anonymous", action: "staff.sign_in_refused_locked", subject: subject))
            return .locked
        }
        let passwordMatches = try await himaya.passwords.verify(password, against: credentials.passwordHash)
        let step = TOTP(secret: Data(base32: credentials.totpSecret)).acceptedStep(
            for: code, at: now, lastUsedStep: credentials.lastTimeStep)
        guard passwordMatches, let step else {
            let lockout = account.lockout.recordingFailure(at: now)
            try await himaya.store.staff.recordSignIn(
                of: account.id, lockout: lockout, usedTimeStep: nil,
                audit: AuditEntry(
                    actor: "anonymous", action: "staff.sign_in_failed", subject: subject,
                    detail: ["reason": passwordMatches ? "second_factor" : "password", "locked": lockout.isLocked(at: now) ? "yes" : "no"]))
            return lockout.isLocked(at: now) ? .locked : .failed
        }
        try await himaya.store.staff.recordSignIn(
            of: account.id, lockout: account.lockout.recordingSuccess(), usedTimeStep: step,
            audit: AuditEntry(actor: subject, action: "staff.signed_in", subject: subject))
        let token = RandomToken.make()
        let session = StaffSession(
            tokenHash: RandomToken.fingerprint(token), staffID: account.id, csrfToken: RandomToken.make(), createdAt: now,
            expiresAt: now.addingTimeInterval(Self.sessionLifetime))
        try await himaya.store.sessions.open(session)
        return .signedIn(account, session, token: token)
    }

    public func signOut(_ session: StaffSession) async throws {
        try await himaya.store.sessions.close(tokenHash: session.tokenHash)
        try await himaya.store.audit.append(
            AuditEntry(actor: "staff:\(session.staffID)", action: "staff.signed_out", subject: "staff:\(session.staffID)"))
    }
}

extension Data {
    /// The bytes of a base32 TOTP secret as stored; empty if it is not base32.
    init(base32 text: String) { self = Base32.decode(text) ?? Data() }
}
