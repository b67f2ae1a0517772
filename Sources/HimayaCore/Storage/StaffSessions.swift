public import Foundation

/// A signed-in staff member's session, found by the hash of the token in their cookie.
public struct StaffSession: Sendable, Equatable {
    /// Hex SHA-256 of the cookie token; the token itself is never stored.
    public var tokenHash: String
    public var staffID: StaffAccount.ID
    /// The secret that every form of this session must carry back.
    public var csrfToken: String
    public var createdAt: Date
    public var expiresAt: Date

    public init(tokenHash: String, staffID: StaffAccount.ID, csrfToken: String, createdAt: Date, expiresAt: Date) {
        self.tokenHash = tokenHash
        self.staffID = staffID
        self.csrfToken = csrfToken
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}

/// Where staff sessions are kept, so any number of server processes share them.
public protocol StaffSessions: Sendable {
    func open(_ session: StaffSession) async throws
    /// The session with this token hash, if it has not expired at `now`.
    func session(tokenHash: String, at now: Date) async throws -> StaffSession?
    func close(tokenHash: String) async throws
    /// Removes expired sessions; returns how many.
    func removeExpired(at now: Date) async throws -> Int
}
