public import HimayaCore
public import Foundation
import SQLKit

/// The platform's API keys in `platform_api_keys`; only the SHA-256 of a secret is stored.
public struct SQLPlatformKeyring: PlatformKeyring {
    private let source: any SQLConnectionSource

    init(source: any SQLConnectionSource) { self.source = source }

    public func add(_ key: PlatformAPIKey, secretHash: String) async throws {
        try await source.withConnection { db in
            try await db.raw(
                """
                INSERT INTO platform_api_keys (id, platform_id, secret_hash, prefix, scopes, created_at)
                VALUES (\(bind: key.id.description), \(bind: key.platformID.description), \(bind: secretHash), \(bind: key.prefix),
                    \(bind: key.scopes.map(\.rawValue).sorted().joined(separator: " ")), \(bind: Timestamp.millis(key.createdAt)))
                """
            ).run()
        }
    }

    public func activeKey(secretHash: String) async throws -> PlatformAPIKey? {
        try await source.withConnection { db in
            try await db.raw("SELECT * FROM platform_api_keys WHERE secret_hash = \(bind: secretHash) AND revoked_at IS NULL").first().map { row in
                PlatformAPIKey(
                    id: PlatformAPIKey.ID(try row.decode(column: "id", as: String.self)) ?? PlatformAPIKey.ID(),
                    platformID: Platform.ID(try row.decode(column: "platform_id", as: String.self)) ?? Platform.ID(),
                    prefix: try row.decode(column: "prefix", as: String.self),
                    scopes: Set(try row.decode(column: "scopes", as: String.self).split(separator: " ").compactMap { PlatformAPIKey.Scope(rawValue: String($0)) }),
                    createdAt: Timestamp.date(try row.decode(column: "created_at", as: Int64.self)))
            }
        }
    }

    public func revoke(_ id: PlatformAPIKey.ID, at date: Date) async throws {
        try await source.withConnection { db in
            try await db.raw(
                "UPDATE platform_api_keys SET revoked_at = \(bind: Timestamp.millis(date)) WHERE id = \(bind: id.description) AND revoked_at IS NULL"
            ).run()
        }
    }
}
