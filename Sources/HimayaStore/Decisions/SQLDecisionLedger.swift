public import Foundation
public import HimayaCore
import SQLKit

/// Decisions, statements of reasons and webhook deliveries. The job that delivers each webhook is
/// queued in the same transaction as the decision, so an action is never decided and then lost.
public struct SQLDecisionLedger: DecisionLedger {
    private let source: any SQLConnectionSource
    private let sealer: Sealer
    private let clock: WallClock

    init(source: any SQLConnectionSource, sealer: Sealer, clock: WallClock) {
        self.source = source
        self.sealer = sealer
        self.clock = clock
    }

    /// The job kind that delivers one webhook; its payload is the delivery id.
    public static let deliveryJob = "webhook.deliver"

    public func record(
        _ decision: Decision, statement: StatementOfReasons, deliveries: [(WebhookDelivery, Data)], notices: [ReportMessage],
        messages: [(PlatformMessage, Data)], resolves: Bool
    ) async throws {
        let reason = try sealer.seal(decision.reason, context: "decisions.reason:\(decision.id)")
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let statementText = String(decoding: try encoder.encode(statement), as: UTF8.self)
        let sealedPayloads = try deliveries.map { try sealer.seal($0.1, context: "webhook_deliveries.payload:\($0.0.id)") }
        let sealedNotices = try notices.map { try SealedMessage($0, sealer: sealer) }
        try await source.transaction { [clock, sealer, engine = source.engine] db in
            let now = clock.now
            try await SQLPlatformOutbox.insert(messages, sealer: sealer, on: db, now: now)
            try await db.raw(
                """
                INSERT INTO decisions (id, case_id, staff_id, clause_id, clause_version, reason_sealed, actions, statement, decided_at)
                VALUES (\(bind: decision.id.description), \(bind: decision.caseID.description), \(bind: decision.staffID.description),
                    \(bind: decision.clauseID), \(bind: decision.clauseVersion), \(bind: reason),
                    \(bind: decision.actions.map(\.rawValue).joined(separator: " ")), \(bind: statementText),
                    \(bind: Timestamp.millis(decision.decidedAt)))
                """
            ).run()
            for ((delivery, _), payload) in zip(deliveries, sealedPayloads) {
                try await db.raw(
                    """
                    INSERT INTO webhook_deliveries (id, decision_id, case_id, action, payload_sealed, status, attempts, updated_at)
                    VALUES (\(bind: delivery.id.description), \(bind: decision.id.description), \(bind: decision.caseID.description),
                        \(bind: delivery.action.rawValue), \(bind: payload), 'pending', 0, \(bind: Timestamp.millis(now)))
                    """
                ).run()
                _ = try await SQLJobQueue.enqueue(
                    Job(kind: Self.deliveryJob, payload: Data(delivery.id.description.utf8), idempotencyKey: "webhook:\(delivery.id)",
                        maximumAttempts: 8, runAt: now),
                    on: db, now: now)
            }
            for notice in sealedNotices {
                try await notice.insert(on: db)
            }
            // A decision is an answer; resolving closes the queue entry, escalating hands it on unheld.
            let status = resolves ? CaseStatus.resolved.rawValue : CaseStatus.inProgress.rawValue
            try await db.raw(
                """
                UPDATE cases SET status = \(bind: status), answered_at = COALESCE(answered_at, \(bind: Timestamp.millis(now))),
                    assignee_id = CASE WHEN \(bind: resolves ? 1 : 0) = 1 THEN assignee_id ELSE NULL END,
                    updated_at = \(bind: Timestamp.millis(now))
                WHERE id = \(bind: decision.caseID.description)
                """
            ).run()
            try await SQLAuditTrail.append(
                AuditEntry(
                    actor: "staff:\(decision.staffID)", action: "decision.recorded", subject: "case:\(decision.caseID)",
                    detail: ["decision": decision.id.description, "clause": decision.clauseID, "actions": decision.actions.map(\.rawValue).joined(separator: " ")]),
                on: db, engine: engine, at: now)
        }
    }

    public func decisions(in caseID: Case.ID) async throws -> [(Decision, StatementOfReasons)] {
        let rows = try await source.withConnection { db in
            try await db.raw("SELECT * FROM decisions WHERE case_id = \(bind: caseID.description) ORDER BY decided_at, id").all()
        }
        return try rows.map { row in
            let id = Decision.ID(try row.decode(column: "id", as: String.self)) ?? Decision.ID()
            let decision = Decision(
                id: id, caseID: caseID, staffID: StaffAccount.ID(try row.decode(column: "staff_id", as: String.self)) ?? StaffAccount.ID(),
                clauseID: try row.decode(column: "clause_id", as: String.self),
                clauseVersion: try row.decode(column: "clause_version", as: Int.self),
                reason: try sealer.openText(try row.decode(column: "reason_sealed", as: String.self), context: "decisions.reason:\(id)"),
                actions: try row.decode(column: "actions", as: String.self).split(separator: " ").compactMap { DecisionAction(rawValue: String($0)) },
                decidedAt: Timestamp.date(try row.decode(column: "decided_at", as: Int64.self)))
            let statement = try JSONDecoder().decode(
                StatementOfReasons.self, from: Data(try row.decode(column: "statement", as: String.self).utf8))
            return (decision, statement)
        }
    }

    public func deliveries(in caseID: Case.ID) async throws -> [WebhookDelivery] {
        try await source.withConnection { db in
            try await db.raw("SELECT * FROM webhook_deliveries WHERE case_id = \(bind: caseID.description) ORDER BY updated_at, id").all()
                .map(Self.delivery(from:))
        }
    }

    public func delivery(_ id: WebhookDelivery.ID) async throws -> (WebhookDelivery, Data)? {
        let row = try await source.withConnection { db in
            try await db.raw("SELECT * FROM webhook_deliveries WHERE id = \(bind: id.description)").first()
        }
        guard let row else { return nil }
        let payload = try sealer.open(try row.decode(column: "payload_sealed", as: String.self), context: "webhook_deliveries.payload:\(id)")
        return (try Self.delivery(from: row), payload)
    }

    public func update(_ id: WebhookDelivery.ID, status: WebhookDelivery.Status, attempts: Int, lastResponse: Int?) async throws {
        try await source.transaction { [clock, engine = source.engine] db in
            let now = Timestamp.millis(clock.now)
            let row = try await db.raw(
                """
                UPDATE webhook_deliveries SET status = \(bind: status.rawValue), attempts = \(bind: attempts),
                    last_response = \(bind: lastResponse), updated_at = \(bind: now)
                WHERE id = \(bind: id.description) RETURNING case_id, action
                """
            ).first()
            guard let row, status == .failed || status == .delivered else { return }
            let caseID = try row.decode(column: "case_id", as: String.self)
            if status == .failed {
                // The platform would not take the action: the case goes back to the queue for a person.
                try await db.raw(
                    """
                    UPDATE cases SET status = 'in_progress', assignee_id = NULL, updated_at = \(bind: now) WHERE id = \(bind: caseID)
                    """
                ).run()
            }
            try await SQLAuditTrail.append(
                AuditEntry(
                    actor: "system", action: status == .failed ? "webhook.failed" : "webhook.delivered", subject: "case:\(caseID)",
                    detail: ["delivery": id.description, "action": try row.decode(column: "action", as: String.self),
                             "response": lastResponse.map(String.init) ?? "none"]),
                on: db, engine: engine, at: clock.now)
        }
    }

    static func delivery(from row: any SQLRow) throws -> WebhookDelivery {
        WebhookDelivery(
            id: WebhookDelivery.ID(try row.decode(column: "id", as: String.self)) ?? WebhookDelivery.ID(),
            decisionID: Decision.ID(try row.decode(column: "decision_id", as: String.self)) ?? Decision.ID(),
            caseID: Case.ID(try row.decode(column: "case_id", as: String.self)) ?? Case.ID(),
            action: DecisionAction(rawValue: try row.decode(column: "action", as: String.self)) ?? .noAction,
            status: WebhookDelivery.Status(rawValue: try row.decode(column: "status", as: String.self)) ?? .pending,
            attempts: try row.decode(column: "attempts", as: Int.self),
            lastResponse: try row.decode(column: "last_response", as: Int?.self),
            updatedAt: Timestamp.date(try row.decode(column: "updated_at", as: Int64.self)))
    }
}

/// Registered platforms; the signing secret is sealed.
public struct SQLPlatformRegistry: PlatformRegistry {
    private let source: any SQLConnectionSource
    private let sealer: Sealer
    private let clock: WallClock

    init(source: any SQLConnectionSource, sealer: Sealer, clock: WallClock) {
        self.source = source
        self.sealer = sealer
        self.clock = clock
    }

    public func add(_ platform: Platform) async throws {
        let secret = try sealer.seal(platform.secret, context: "platforms.secret:\(platform.id)")
        try await source.withConnection { [clock] db in
            try await db.raw(
                """
                INSERT INTO platforms (id, name, webhook_url, secret_sealed, created_at)
                VALUES (\(bind: platform.id.description), \(bind: platform.name), \(bind: platform.webhookURL), \(bind: secret),
                    \(bind: Timestamp.millis(clock.now)))
                """
            ).run()
        }
    }

    public func current() async throws -> Platform? {
        let row = try await source.withConnection { db in
            try await db.raw("SELECT * FROM platforms ORDER BY created_at, id LIMIT 1").first()
        }
        guard let row else { return nil }
        let id = Platform.ID(try row.decode(column: "id", as: String.self)) ?? Platform.ID()
        return Platform(
            id: id, name: try row.decode(column: "name", as: String.self), webhookURL: try row.decode(column: "webhook_url", as: String.self),
            secret: try sealer.openText(try row.decode(column: "secret_sealed", as: String.self), context: "platforms.secret:\(id)"))
    }
}
