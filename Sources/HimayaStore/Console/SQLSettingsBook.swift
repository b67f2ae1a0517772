public import HimayaCore
import SQLKit

/// Settings in the `settings` table; each change is audited with its new value (settings hold no
/// personal data).
public struct SQLSettingsBook: SettingsBook {
    private let source: any SQLConnectionSource
    private let clock: WallClock

    init(source: any SQLConnectionSource, clock: WallClock) {
        self.source = source
        self.clock = clock
    }

    public func value(_ name: String) async throws -> String? {
        try await source.withConnection { db in
            try await db.raw("SELECT value FROM settings WHERE name = \(bind: name)").first()?.decode(column: "value", as: String.self)
        }
    }

    public func set(_ name: String, to value: String?, by actor: String) async throws {
        try await source.transaction { [clock, engine = source.engine] db in
            if let value {
                try await db.raw(
                    """
                    INSERT INTO settings (name, value) VALUES (\(bind: name), \(bind: value))
                    ON CONFLICT (name) DO UPDATE SET value = \(bind: value)
                    """
                ).run()
            } else {
                try await db.raw("DELETE FROM settings WHERE name = \(bind: name)").run()
            }
            try await SQLAuditTrail.append(
                AuditEntry(actor: actor, action: "setting.changed", subject: "setting:\(name)", detail: ["value": value ?? ""]),
                on: db, engine: engine, at: clock.now)
        }
    }
}
