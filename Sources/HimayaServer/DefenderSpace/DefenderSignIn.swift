public import Foundation
public import HimayaCore
import HimayaStore

/// A defender's own account: sign-up (self-enrolment with consents), sign-in with password and a
/// second factor or a recovery code, lockout after repeated failures, every attempt audited.
public struct DefenderSignIn: Sendable {
    let himaya: Himaya

    public init(himaya: Himaya) { self.himaya = himaya }

    public static let sessionLifetime: TimeInterval = 8 * 3600
    static let recoveryCodeCount = 8

    /// What sign-up gives, shown once.
    public struct Welcome: Sendable {
        public let defender: Defender
        public let totpSecret: String
        public let recoveryCodes: [String]
        public let token: String
        public let session: DefenderSession
    }

    public enum Outcome: Sendable {
        case signedIn(DefenderSession, token: String)
        case failed
        case locked
    }

    public func signUp(
        username: String, password: String, displayName: String, country: String, language: String, activity: DefenderActivity,
        consents: Set<ConsentPurpose>
    ) async throws -> Welcome {
        let now = himaya.clock.now
        let defender = Defender(displayName: displayName, country: country, languages: [language], activity: activity, riskTier: .standard, enrolledAt: now)
        let secret = Base32.encode(TOTP.generateSecret())
        let codes = Self.recoveryCodes()
        let login = DefenderLogin(
            defenderID: defender.id, passwordHash: try await himaya.passwords.hash(password), totpSecret: secret,
            recoveryCodeHashes: codes.map(RandomToken.fingerprint))
        try await himaya.store.defenders.enrol(defender)
        try await himaya.store.defenderLogins.create(login, usernameIndex: himaya.store.blindIndex.index("defender-login:" + username))
        // Through the same path as any consent, so detection protects them from the next scan on.
        try await himaya.recordConsents(consents, for: defender.id, by: "defender")
        try await himaya.store.audit.append(AuditEntry(actor: "defender:\(defender.id)", action: "defender.enrolled", subject: "defender:\(defender.id)",
                                                       detail: ["by": "self"]))
        let (session, token) = try await openSession(for: defender.id)
        return Welcome(defender: defender, totpSecret: secret, recoveryCodes: codes, token: token, session: session)
    }

    /// A defender enrolled by someone else, signed in through a one-time link, chooses a username
    /// and password and proves their authenticator app holds `totpSecret` with a current `code`.
    /// Returns the recovery codes (shown once), or nil when the code does not match. Only a
    /// defender without a sign-in may do this: a link, which the platform hands out, must never
    /// replace a sign-in the defender already has.
    public func setUpOwnSignIn(for defender: Defender.ID, username: String, password: String, totpSecret: String, code: String) async throws -> [String]? {
        let now = himaya.clock.now
        guard let step = TOTP(secret: Data(base32: totpSecret)).acceptedStep(for: code.trimmingCharacters(in: .whitespaces), at: now, lastUsedStep: nil)
        else { return nil }
        guard try await !himaya.store.defenderLogins.hasLogin(defender) else { throw AppError.forbidden }
        let codes = Self.recoveryCodes()
        let login = DefenderLogin(
            defenderID: defender, passwordHash: try await himaya.passwords.hash(password), totpSecret: totpSecret, lastTimeStep: step,
            recoveryCodeHashes: codes.map(RandomToken.fingerprint))
        try await himaya.store.defenderLogins.create(login, usernameIndex: himaya.store.blindIndex.index("defender-login:" + username))
        try await himaya.store.audit.append(AuditEntry(actor: "defender:\(defender)", action: "defender.sign_in_set_up", subject: "defender:\(defender)"))
        return codes
    }

    /// For a defender who lost both their second factor and their recovery codes: an operator,
    /// once someone has confirmed who they are outside the platform (a partner who knows them, a
    /// call), forgets their sign-in and ends their sessions. Their next link session may then set
    /// a new one. `verifiedBy` says who confirmed, for the audit trail.
    public func resetSignIn(for defender: Defender.ID, verifiedBy: String) async throws -> Bool {
        try await himaya.store.defenderLogins.reset(
            defender, audit: AuditEntry(actor: "operator", action: "defender.sign_in_reset", subject: "defender:\(defender)", detail: ["verified_by": verifiedBy]))
    }

    static func recoveryCodes() -> [String] {
        (0..<recoveryCodeCount).map { _ in String(RandomToken.make(bytes: 10).filter { $0.isLetter || $0.isNumber }.prefix(12)).lowercased() }
    }

    public func attempt(username: String, password: String, code: String) async throws -> Outcome {
        let now = himaya.clock.now
        guard let login = try await himaya.store.defenderLogins.login(usernameIndex: himaya.store.blindIndex.index("defender-login:" + username)) else {
            _ = try await himaya.passwords.verify(password, against: try await himaya.passwords.dummyHash())
            try await himaya.store.audit.append(AuditEntry(actor: "anonymous", action: "defender.sign_in_failed", detail: ["reason": "unknown_account"]))
            return .failed
        }
        let subject = "defender:\(login.defenderID)"
        if login.lockout.isLocked(at: now) {
            try await himaya.store.audit.append(AuditEntry(actor: "anonymous", action: "defender.sign_in_refused_locked", subject: subject))
            return .locked
        }
        let passwordMatches = try await himaya.passwords.verify(password, against: login.passwordHash)
        let trimmed = code.trimmingCharacters(in: .whitespaces).lowercased()
        let step = TOTP(secret: Data(base32: login.totpSecret)).acceptedStep(for: trimmed, at: now, lastUsedStep: login.lastTimeStep)
        // A recovery code works once, in place of the second factor, never in place of the password.
        let recovery = login.recoveryCodeHashes.first { RandomToken.constantTimeEquals($0, RandomToken.fingerprint(trimmed)) }
        guard passwordMatches, step != nil || recovery != nil else {
            let lockout = login.lockout.recordingFailure(at: now)
            try await himaya.store.defenderLogins.record(
                login.defenderID, lockout: lockout, usedTimeStep: nil, spentRecoveryCode: nil,
                audit: AuditEntry(actor: "anonymous", action: "defender.sign_in_failed", subject: subject,
                                  detail: ["reason": passwordMatches ? "second_factor" : "password"]))
            return lockout.isLocked(at: now) ? .locked : .failed
        }
        try await himaya.store.defenderLogins.record(
            login.defenderID, lockout: login.lockout.recordingSuccess(), usedTimeStep: step, spentRecoveryCode: step == nil ? recovery : nil,
            audit: AuditEntry(actor: subject, action: step == nil ? "defender.signed_in_with_recovery_code" : "defender.signed_in", subject: subject))
        let (session, token) = try await openSession(for: login.defenderID)
        return .signedIn(session, token: token)
    }

    /// How long a sign-in link lasts.
    public static let linkLifetime: TimeInterval = 15 * 60

    /// A one-time link for the platform to hand the defender inside its own signed-in channel;
    /// only its hash is kept.
    public func issueLink(for defender: Defender.ID) async throws -> (token: String, expiresAt: Date) {
        let token = RandomToken.make()
        let expiresAt = himaya.clock.now.addingTimeInterval(Self.linkLifetime)
        try await himaya.store.defenderLogins.issueLink(tokenHash: RandomToken.fingerprint(token), for: defender, expiresAt: expiresAt)
        try await himaya.store.audit.append(AuditEntry(actor: "platform", action: "defender.sign_in_link_issued", subject: "defender:\(defender)", detail: [:]))
        return (token, expiresAt)
    }

    /// Spends a link and opens a session, or nil when the link was used, expired or never made.
    public func signIn(withLink token: String) async throws -> (Defender.ID, DefenderSession, String)? {
        guard let defender = try await himaya.store.defenderLogins.redeemLink(tokenHash: RandomToken.fingerprint(token), at: himaya.clock.now) else {
            return nil
        }
        let (session, sessionToken) = try await openSession(for: defender)
        try await himaya.store.audit.append(AuditEntry(actor: "defender:\(defender)", action: "defender.signed_in_by_link", subject: "defender:\(defender)", detail: [:]))
        return (defender, session, sessionToken)
    }

    private func openSession(for defender: Defender.ID) async throws -> (DefenderSession, String) {
        let token = RandomToken.make()
        let session = DefenderSession(
            tokenHash: RandomToken.fingerprint(token), defenderID: defender, csrfToken: RandomToken.make(),
            expiresAt: himaya.clock.now.addingTimeInterval(Self.sessionLifetime))
        try await himaya.store.defenderLogins.open(session)
        return (session, token)
    }
}
