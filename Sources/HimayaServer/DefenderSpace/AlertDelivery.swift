import Foundation
import HimayaCore
import HimayaStore

extension Himaya {
    /// Queues an `alert.created` message for a defender the way they asked: through their
    /// channel, at once or after their quiet hours, or in their daily digest. The alert shows in
    /// their space at once either way.
    func queueAlert(for defender: Defender, severity: String, payload: [String: String]) async throws {
        let preferences = try await store.alertPreferences.preferences(of: defender.id)
        let now = clock.now
        let delivery = preferences.delivery(of: AlertPreferences.Severity(rawValue: severity) ?? .normal, at: now)
        var payload = payload
        payload["channel"] = preferences.channel.rawValue
        payload["digest"] = delivery.inDigest ? "true" : "false"
        payload["deliverAt"] = ISO8601DateFormatter().string(from: delivery.at)
        let (message, body) = try PlatformMessage.outgoing(.alertCreated, subject: "defender:\(defender.id)", payload: payload, at: now)
        try await store.outbox.queue(message, payload: body, deliverAt: delivery.at)
    }
}
