public import Foundation
public import HimayaCore
import SQLKit

/// Staff sessions in `staff_sessions`, keyed by the hash of the cookie token.
public struct SQLStaffSessions: StaffSessions {
    private let source: any SQLConnectionSource

    public init(source: any SQLConnectionSource) { self.source = source }

    public func open(_ session: StaffSession) async throws {
        try await source.withConnection { db in
            try await db.raw(
                """
                INSERT INTO staff_sessions (token_hash, staff_id, csrf_token, created_at, expires_at)
                VALUES (\(bind: session.tokenHash), \(bind: session.staffID.description), \(bind: session.csrfToken),
                    \(bind: Timestamp.millis(session.createdAt)), \(bind: Timestamp.millis(session.expiresAt)))
                """
            ).run()
        }
    }

    public func session(tokenHash: String, at now: Date) async throws -> StaffSession? {
        let row = try await source.withConnection { db in
            try await db.raw(
                "SELECT * FROM staff_sessions WHERE token_hash = \(bind: tokenHash) AND expires_at > \(bind: Timestamp.millis(now))"
            ).first()
        }
        guard let row, let staffID = StaffAccount.ID(try row.decode(column: "staff_id", as: String.self)) else { return nil }
        return StaffSession(
            tokenHash: try row.decode(column: "token_hash", as: String.self), staffID: staffID,
            csrfToken: try row.decode(column: "csrf_token", as: String.self),
            createdAt: Timestamp.date(try row.decode(column: "created_at", as: Int64.self)),
            expiresAt: Timestamp.date(try row.decode(column: "expires_at", as: Int64.self)))
    }

    public func close(tokenHash: String) async throws {
        try await source.withConnection { db in
            try await db.raw("DELETE FROM staff_sessions WHERE token_hash = \(bind: tokenHash)").run()
        }
    }

    public func removeExpired(at now: Date) async throws -> Int {
        try await source.withConnection { db in
            try await db.raw("DELETE FROM staff_sessions WHERE expires_at <= \(bind: Timestamp.millis(now)) RETURNING token_hash")
                .all().count
        }
    }
}
