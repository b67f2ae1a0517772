public import HimayaCore
public import Foundation
import SQLKit

/// Lockdowns in `lockdowns` and `lockdown_steps`; a step changes only from the state it was read in.
public struct SQLLockdownDesk: LockdownDesk {
    private let source: any SQLConnectionSource
    private let sealer: Sealer
    private let clock: WallClock

    init(source: any SQLConnectionSource, sealer: Sealer, clock: WallClock) {
        self.source = source
        self.sealer = sealer
        self.clock = clock
    }

    public func start(_ lockdown: Lockdown, messages: [(PlatformMessage, Data)]) async throws {
        try await source.transaction { [clock, sealer, engine = source.engine] db in
            let now = clock.now
            try await db.raw(
                """
                INSERT INTO lockdowns (id, defender_id, requested_by, requested_at, alert_responders)
                VALUES (\(bind: lockdown.id.description), \(bind: lockdown.defenderID.description), \(bind: lockdown.requestedBy),
                    \(bind: Timestamp.millis(lockdown.requestedAt)), \(bind: lockdown.alertResponders ? 1 : 0))
                """
            ).run()
            for (step, state) in lockdown.steps.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                try await db.raw(
                    """
                    INSERT INTO lockdown_steps (lockdown_id, step, state, updated_at)
                    VALUES (\(bind: lockdown.id.description), \(bind: step.rawValue), \(bind: state.rawValue), \(bind: Timestamp.millis(now)))
                    """
                ).run()
            }
            try await SQLPlatformOutbox.insert(messages, sealer: sealer, on: db, now: now)
            try await SQLAuditTrail.append(
                AuditEntry(actor: lockdown.requestedBy, action: "lockdown.requested", subject: "defender:\(lockdown.defenderID)",
                           detail: ["lockdown": lockdown.id.description, "alert_responders": lockdown.alertResponders ? "yes" : "no"]),
                on: db, engine: engine, at: now)
        }
    }

    public func lockdown(_ id: Lockdown.ID) async throws -> Lockdown? {
        try await source.withConnection { db in
            guard let row = try await db.raw("SELECT * FROM lockdowns WHERE id = \(bind: id.description)").first() else { return nil }
            return try await Self.lockdown(from: row, on: db)
        }
    }

    public func lockdowns(of defender: Defender.ID) async throws -> [Lockdown] {
        try await source.withConnection { db in
            var found: [Lockdown] = []
            for row in try await db.raw("SELECT * FROM lockdowns WHERE defender_id = \(bind: defender.description) ORDER BY requested_at DESC").all() {
                found.append(try await Self.lockdown(from: row, on: db))
            }
            return found
        }
    }

    public func change(
        _ id: Lockdown.ID, step: LockdownStep, from: Lockdown.StepState, to: Lockdown.StepState, by actor: String,
        messages: [(PlatformMessage, Data)]
    ) async throws -> Bool {
        try await source.transaction { [clock, sealer, engine = source.engine] db in
            let now = clock.now
            let changed = try await db.raw(
                """
                UPDATE lockdown_steps SET state = \(bind: to.rawValue), updated_at = \(bind: Timestamp.millis(now))
                WHERE lockdown_id = \(bind: id.description) AND step = \(bind: step.rawValue) AND state = \(bind: from.rawValue) RETURNING step
                """
            ).first()
            guard changed != nil else { return false }
            try await SQLPlatformOutbox.insert(messages, sealer: sealer, on: db, now: now)
            try await SQLAuditTrail.append(
                AuditEntry(actor: actor, action: "lockdown.step_\(to.rawValue)", subject: "lockdown:\(id)", detail: ["step": step.rawValue]),
                on: db, engine: engine, at: now)
            return true
        }
    }

    static func lockdown(from row: any SQLRow, on db: any SQLDatabase) async throws -> Lockdown {
        let id = Lockdown.ID(try row.decode(column: "id", as: String.self)) ?? Lockdown.ID()
        var steps: [LockdownStep: Lockdown.StepState] = [:]
        for stepRow in try await db.raw("SELECT step, state FROM lockdown_steps WHERE lockdown_id = \(bind: id.description)").all() {
            if let step = LockdownStep(rawValue: try stepRow.decode(column: "step", as: String.self)),
                let state = Lockdown.StepState(rawValue: try stepRow.decode(column: "state", as: String.self))
            {
                steps[step] = state
            }
        }
        return Lockdown(
            id: id, defenderID: Defender.ID(try row.decode(column: "defender_id", as: String.self)) ?? Defender.ID(),
            requestedBy: try row.decode(column: "requested_by", as: String.self),
            requestedAt: Timestamp.date(try row.decode(column: "requested_at", as: Int64.self)),
            alertResponders: try row.decode(column: "alert_responders", as: Int.self) == 1, steps: steps)
    }
}
