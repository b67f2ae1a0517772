public import HimayaCore
public import Foundation
import SQLKit

/// Alert preferences in `alert_preferences`, one row a defender; none means the standard ones.
public struct SQLAlertPreferenceBook: AlertPreferenceBook {
    private let source: any SQLConnectionSource

    init(source: any SQLConnectionSource) { self.source = source }

    public func preferences(of defender: Defender.ID) async throws -> AlertPreferences {
        let row = try await source.withConnection { db in
            try await db.raw("SELECT * FROM alert_preferences WHERE defender_id = \(bind: defender.description)").first()
        }
        guard let row else { return .standard }
        return AlertPreferences(
            channel: AlertPreferences.Channel(rawValue: try row.decode(column: "channel", as: String.self)) ?? .inApp,
            minimumSeverity: AlertPreferences.Severity(rawValue: try row.decode(column: "minimum_severity", as: String.self)) ?? .normal,
            quietFrom: try row.decode(column: "quiet_from", as: Int?.self), quietUntil: try row.decode(column: "quiet_until", as: Int?.self),
            utcOffsetMinutes: try row.decode(column: "utc_offset_minutes", as: Int.self), digestHour: try row.decode(column: "digest_hour", as: Int?.self),
            urgentAlwaysNow: try row.decode(column: "urgent_always_now", as: Int.self) != 0)
    }

    public func save(_ preferences: AlertPreferences, for defender: Defender.ID, at date: Date) async throws {
        try await source.transaction { [engine = source.engine] db in
            try await db.raw(
                """
                INSERT INTO alert_preferences (defender_id, channel, minimum_severity, quiet_from, quiet_until, utc_offset_minutes, digest_hour,
                    urgent_always_now, updated_at)
                VALUES (\(bind: defender.description), \(bind: preferences.channel.rawValue), \(bind: preferences.minimumSeverity.rawValue),
                    \(bind: preferences.quietFrom), \(bind: preferences.quietUntil), \(bind: preferences.utcOffsetMinutes), \(bind: preferences.digestHour),
                    \(bind: preferences.urgentAlwaysNow ? 1 : 0), \(bind: Timestamp.millis(date)))
                ON CONFLICT (defender_id) DO UPDATE SET channel = excluded.channel, minimum_severity = excluded.minimum_severity,
                    quiet_from = excluded.quiet_from, quiet_until = excluded.quiet_until, utc_offset_minutes = excluded.utc_offset_minutes,
                    digest_hour = excluded.digest_hour, urgent_always_now = excluded.urgent_always_now, updated_at = excluded.updated_at
                """
            ).run()
            try await SQLAuditTrail.append(
                AuditEntry(actor: "defender:\(defender)", action: "alert_preferences.saved", subject: "defender:\(defender)", detail: [:]),
                on: db, engine: engine, at: date)
        }
    }
}
