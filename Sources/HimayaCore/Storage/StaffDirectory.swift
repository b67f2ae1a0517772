import Foundation

/// Where staff accounts and their sign-in secrets are kept.
public protocol StaffDirectory: Sendable {
    /// Adds an account; fails with `StoreError.duplicate` when the username is taken.
    func add(_ account: StaffAccount, credentials: StaffCredentials) async throws
    func account(id: StaffAccount.ID) async throws -> StaffAccount?
    func account(username: String) async throws -> (StaffAccount, StaffCredentials)?
    func all() async throws -> [StaffAccount]
    /// Saves the lockout state after an attempt, and the second-factor time step when one was used,
    /// together with an audit entry, in one transaction.
    func recordSignIn(
        of id: StaffAccount.ID, lockout: SignInLockout, usedTimeStep: Int64?, audit: AuditEntry
    ) async throws
}

/// The secrets that prove a staff member is who they say; never shown, never logged.
public struct StaffCredentials: Sendable, Equatable {
    /// A slow hash (bcrypt) of the password.
    public var passwordHash: String
    /// The TOTP shared secret; sealed at rest.
    public var totpSecret: String
    /// The last TOTP time step accepted, so a code cannot be used twice.
    public var lastTimeStep: Int64?

    public init(passwordHash: String, totpSecret: String, lastTimeStep: Int64? = nil) {
        self.passwordHash = passwordHash
        self.totpSecret = totpSecret
        self.lastTimeStep = lastTimeStep
    }
}
