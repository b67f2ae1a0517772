public import Foundation

/// How a defender signs in to their own space: a pseudonymous username (kept only as a keyed
/// hash), a password hash, a second factor, and single-use recovery codes. There is no e-mail
/// reset: whoever holds the defender's e-mail must not be able to take the space over.
public struct DefenderLogin: Sendable, Equatable {
    public var defenderID: Defender.ID
    public var passwordHash: String
    /// Base32; sealed at rest.
    public var totpSecret: String
    public var lastTimeStep: Int64?
    public var lockout: SignInLockout
    /// SHA-256 of each unused recovery code.
    public var recoveryCodeHashes: [String]

    public init(
        defenderID: Defender.ID, passwordHash: String, totpSecret: String, lastTimeStep: Int64? = nil, lockout: SignInLockout = SignInLockout(),
        recoveryCodeHashes: [String]
    ) {
        self.defenderID = defenderID
        self.passwordHash = passwordHash
        self.totpSecret = totpSecret
        self.lastTimeStep = lastTimeStep
        self.lockout = lockout
        self.recoveryCodeHashes = recoveryCodeHashes
    }

    /// A username a defender may choose: 3 to 40 letters, digits, dots, dashes or underscores.
    public static func isValidUsername(_ name: String) -> Bool {
        (3...40).contains(name.count) && name.allSatisfy { $0.isLetter || $0.isNumber || ".-_".contains($0) }
    }

    /// Passwords of at least 12 characters; length matters more than symbols.
    public static func isAcceptablePassword(_ password: String) -> Bool { password.count >= 12 && password.count <= 200 }
}

/// A signed-in defender's session; only the token's hash is stored.
public struct DefenderSession: Sendable, Equatable {
    public var tokenHash: String
    public var defenderID: Defender.ID
    public var csrfToken: String
    public var expiresAt: Date

    public init(tokenHash: String, defenderID: Defender.ID, csrfToken: String, expiresAt: Date) {
        self.tokenHash = tokenHash
        self.defenderID = defenderID
        self.csrfToken = csrfToken
        self.expiresAt = expiresAt
    }
}

/// Where defenders' sign-ins and sessions are kept.
public protocol DefenderLogins: Sendable {
    /// `StoreError.duplicate` when the username is taken.
    func create(_ login: DefenderLogin, usernameIndex: String) async throws
    func login(usernameIndex: String) async throws -> DefenderLogin?
    /// Whether the defender has a sign-in of their own (one enrolled by others has none until they set it).
    func hasLogin(_ defender: Defender.ID) async throws -> Bool
    /// Saves the outcome of an attempt: the lockout, the time step used, a recovery code spent; with an audit entry.
    func record(_ defender: Defender.ID, lockout: SignInLockout, usedTimeStep: Int64?, spentRecoveryCode: String?, audit: AuditEntry) async throws
    func open(_ session: DefenderSession) async throws
    func session(tokenHash: String, at date: Date) async throws -> DefenderSession?
    func close(tokenHash: String) async throws
    /// Forgets the defender's sign-in and ends every session of theirs, with an audit entry;
    /// false when they had no sign-in.
    func reset(_ defender: Defender.ID, audit: AuditEntry) async throws -> Bool
    /// Keeps a one-time sign-in link (its token as a hash) until it expires.
    func issueLink(tokenHash: String, for defender: Defender.ID, expiresAt: Date) async throws
    /// Spends a link: the defender it was for, once, before it expires; nil otherwise.
    func redeemLink(tokenHash: String, at date: Date) async throws -> Defender.ID?
}
