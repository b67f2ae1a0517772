public import Foundation
public import HimayaCore
import SQLKit

/// Partner API keys (hashes only) and the responses to idempotent requests (sealed: they carry
/// receipt codes).
public struct SQLPartnerKeyring: PartnerKeyring {
    private let source: any SQLConnectionSource
    private let sealer: Sealer

    init(source: any SQLConnectionSource, sealer: Sealer) {
        self.source = source
        self.sealer = sealer
    }

    public func add(_ key: PartnerAPIKey, secretHash: String) async throws {
        try await source.withConnection { db in
            try await db.raw(
                """
                INSERT INTO partner_api_keys (id, partner_id, secret_hash, prefix, scopes, created_at)
                VALUES (\(bind: key.id.description), \(bind: key.partnerID.description), \(bind: secretHash), \(bind: key.prefix),
                    \(bind: key.scopes.map(\.rawValue).sorted().joined(separator: " ")), \(bind: Timestamp.millis(key.createdAt)))
                """
            ).run()
        }
    }

    public func activeKey(secretHash: String) async throws -> PartnerAPIKey? {
        try await source.withConnection { db in
            try await db.raw(
                "SELECT * FROM partner_api_keys WHERE secret_hash = \(bind: secretHash) AND revoked_at IS NULL"
            ).first().map(Self.key(from:))
        }
    }

    public func revoke(_ id: PartnerAPIKey.ID, at date: Date) async throws {
        try await source.withConnection { db in
            try await db.raw(
                "UPDATE partner_api_keys SET revoked_at = \(bind: Timestamp.millis(date)) WHERE id = \(bind: id.description) AND revoked_at IS NULL"
            ).run()
        }
    }

    public func keys(of partner: Partner.ID) async throws -> [PartnerAPIKey] {
        try await source.withConnection { db in
            try await db.raw(
                "SELECT * FROM partner_api_keys WHERE partner_id = \(bind: partner.description) ORDER BY created_at"
            ).all().map(Self.key(from:))
        }
    }

    public func idempotentResponse(partner: Partner.ID, key: String) async throws -> (requestHash: String, response: Data)? {
        let row = try await source.withConnection { db in
            try await db.raw(
                """
                SELECT request_hash, response_sealed FROM idempotent_requests
                WHERE partner_id = \(bind: partner.description) AND idempotency_key = \(bind: key)
                """
            ).first()
        }
        guard let row else { return nil }
        let response = try sealer.open(
            try row.decode(column: "response_sealed", as: String.self), context: Self.context(partner: partner, key: key))
        return (try row.decode(column: "request_hash", as: String.self), response)
    }

    public func rememberResponse(partner: Partner.ID, key: String, requestHash: String, response: Data, at date: Date) async throws -> Bool {
        let sealed = try sealer.seal(response, context: Self.context(partner: partner, key: key))
        return try await source.withConnection { db in
            try await !db.raw(
                """
                INSERT INTO idempotent_requests (partner_id, idempotency_key, request_hash, response_sealed, created_at)
                VALUES (\(bind: partner.description), \(bind: key), \(bind: requestHash), \(bind: sealed), \(bind: Timestamp.millis(date)))
                ON CONFLICT DO NOTHING RETURNING partner_id
                """
            ).all().isEmpty
        }
    }

    private static func context(partner: Partner.ID, key: String) -> String { "idempotent_requests:\(partner):\(key)" }

    private static func key(from row: any SQLRow) throws -> PartnerAPIKey {
        PartnerAPIKey(
            id: PartnerAPIKey.ID(try row.decode(column: "id", as: String.self)) ?? PartnerAPIKey.ID(),
            partnerID: Partner.ID(try row.decode(column: "partner_id", as: String.self)) ?? Partner.ID(),
            prefix: try row.decode(column: "prefix", as: String.self),
            scopes: Set(try row.decode(column: "scopes", as: String.self).split(separator: " ").compactMap { PartnerAPIKey.Scope(rawValue: String($0)) }),
            createdAt: Timestamp.date(try row.decode(column: "created_at", as: Int64.self)),
            revokedAt: try row.decode(column: "revoked_at", as: Int64?.self).map(Timestamp.date))
    }
}
