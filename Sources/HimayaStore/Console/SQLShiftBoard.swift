public import HimayaCore
public import Foundation
import SQLKit

/// Shifts in `staff_shifts`, one row a person.
public struct SQLShiftBoard: ShiftBoard {
    private let source: any SQLConnectionSource
    private let clock: WallClock

    init(source: any SQLConnectionSource, clock: WallClock) {
        self.source = source
        self.clock = clock
    }

    public func start(_ staff: StaffAccount.ID, at date: Date, until end: Date) async throws {
        try await source.transaction { [clock, engine = source.engine] db in
            try await db.raw(
                """
                INSERT INTO staff_shifts (staff_id, started_at, ends_at) VALUES (\(bind: staff.description), \(bind: Timestamp.millis(date)), \(bind: Timestamp.millis(end)))
                ON CONFLICT (staff_id) DO UPDATE SET started_at = excluded.started_at, ends_at = excluded.ends_at
                """
            ).run()
            try await SQLAuditTrail.append(
                AuditEntry(actor: "staff:\(staff)", action: "shift.started", subject: "staff:\(staff)",
                           detail: ["hours": String(Int(end.timeIntervalSince(date) / 3600))]),
                on: db, engine: engine, at: clock.now)
        }
    }

    public func end(_ staff: StaffAccount.ID, at date: Date) async throws {
        try await source.transaction { [clock, engine = source.engine] db in
            try await db.raw("UPDATE staff_shifts SET ends_at = \(bind: Timestamp.millis(date)) WHERE staff_id = \(bind: staff.description) AND ends_at > \(bind: Timestamp.millis(date))").run()
            try await SQLAuditTrail.append(
                AuditEntry(actor: "staff:\(staff)", action: "shift.ended", subject: "staff:\(staff)"), on: db, engine: engine, at: clock.now)
        }
    }

    public func running(at date: Date) async throws -> [Shift] {
        try await source.withConnection { db in
            try await db.raw(
                "SELECT * FROM staff_shifts WHERE started_at <= \(bind: Timestamp.millis(date)) AND ends_at > \(bind: Timestamp.millis(date))"
            ).all().compactMap { row in
                guard let id = StaffAccount.ID(try row.decode(column: "staff_id", as: String.self)) else { return nil }
                return Shift(staffID: id, startedAt: Timestamp.date(try row.decode(column: "started_at", as: Int64.self)),
                             endsAt: Timestamp.date(try row.decode(column: "ends_at", as: Int64.self)))
            }
        }
    }
}
