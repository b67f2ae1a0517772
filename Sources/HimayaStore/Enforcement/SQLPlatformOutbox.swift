public import HimayaCore
public import Foundation
import SQLKit

/// Signed messages to the platform in `platform_messages`, delivered by `platform.message` jobs.
public struct SQLPlatformOutbox: PlatformOutbox {
    public static let deliveryJob = "platform.message"

    private let source: any SQLConnectionSource
    private let sealer: Sealer
    private let clock: WallClock

    init(source: any SQLConnectionSource, sealer: Sealer, clock: WallClock) {
        self.source = source
        self.sealer = sealer
        self.clock = clock
    }

    public func queue(_ message: PlatformMessage, payload: Data) async throws {
        try await source.transaction { [clock, sealer] db in
            try await Self.insert([(message, payload)], sealer: sealer, on: db, now: clock.now)
        }
    }

    public func queue(_ message: PlatformMessage, payload: Data, deliverAt: Date) async throws {
        try await source.transaction { [clock, sealer] db in
            try await Self.insert([(message, payload)], sealer: sealer, on: db, now: clock.now, deliverAt: deliverAt)
        }
    }

    /// Stores messages and queues their delivery inside the caller's transaction, so a message is
    /// kept exactly when what it tells of is.
    static func insert(_ messages: [(PlatformMessage, Data)], sealer: Sealer, on db: any SQLDatabase, now: Date, deliverAt: Date? = nil) async throws {
        for (message, payload) in messages {
            let sealed = try sealer.seal(String(decoding: payload, as: UTF8.self), context: "platform_messages.payload:\(message.id)")
            try await db.raw(
                """
                INSERT INTO platform_messages (id, kind, subject, payload_sealed, status, attempts, updated_at)
                VALUES (\(bind: message.id.description), \(bind: message.kind.rawValue), \(bind: message.subject), \(bind: sealed),
                    'pending', 0, \(bind: Timestamp.millis(now)))
                """
            ).run()
            _ = try await SQLJobQueue.enqueue(
                Job(kind: deliveryJob, payload: Data(message.id.description.utf8), idempotencyKey: "platform-message:\(message.id)",
                    maximumAttempts: 8, runAt: max(now, deliverAt ?? now)),
                on: db, now: now)
        }
    }

    public func message(_ id: PlatformMessage.ID) async throws -> (PlatformMessage, Data)? {
        let row = try await source.withConnection { db in
            try await db.raw("SELECT * FROM platform_messages WHERE id = \(bind: id.description)").first()
        }
        guard let row else { return nil }
        let payload = try sealer.openText(try row.decode(column: "payload_sealed", as: String.self), context: "platform_messages.payload:\(id)")
        return (try Self.message(from: row), Data(payload.utf8))
    }

    public func update(_ id: PlatformMessage.ID, status: WebhookDelivery.Status, attempts: Int, lastResponse: Int?) async throws {
        try await source.withConnection { [clock] db in
            try await db.raw(
                """
                UPDATE platform_messages SET status = \(bind: status.rawValue), attempts = \(bind: attempts), last_response = \(bind: lastResponse),
                    updated_at = \(bind: Timestamp.millis(clock.now)) WHERE id = \(bind: id.description)
                """
            ).run()
        }
    }

    public func messages(about subject: String) async throws -> [PlatformMessage] {
        try await source.withConnection { db in
            try await db.raw("SELECT * FROM platform_messages WHERE subject = \(bind: subject) ORDER BY updated_at").all().map(Self.message(from:))
        }
    }

    public func messagesWithPayloads(about subject: String) async throws -> [(PlatformMessage, Data)] {
        let rows = try await source.withConnection { db in
            try await db.raw("SELECT * FROM platform_messages WHERE subject = \(bind: subject) ORDER BY updated_at").all()
        }
        return try rows.map { row in
            let message = try Self.message(from: row)
            let payload = try sealer.openText(try row.decode(column: "payload_sealed", as: String.self), context: "platform_messages.payload:\(message.id)")
            return (message, Data(payload.utf8))
        }
    }

    static func message(from row: any SQLRow) throws -> PlatformMessage {
        PlatformMessage(
            id: PlatformMessage.ID(try row.decode(column: "id", as: String.self)) ?? PlatformMessage.ID(),
            kind: PlatformMessage.Kind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .defenderNotice,
            subject: try row.decode(column: "subject", as: String.self),
            status: WebhookDelivery.Status(rawValue: try row.decode(column: "status", as: String.self)) ?? .pending,
            attempts: try row.decode(column: "attempts", as: Int.self),
            lastResponse: try row.decode(column: "last_response", as: Int?.self),
            updatedAt: Timestamp.date(try row.decode(column: "updated_at", as: Int64.self)))
    }
}
