import Foundation
import HimayaCore
import HimayaStore

/// A notice for a defender, in their first language, for the platform to deliver
/// (`defender.notice`), unless the defender withdrew consent to being told (`alerts`).
struct DefenderNotice {
    let himaya: Himaya

    /// The message, or nil when the defender does not want to be told; `text` writes the words in
    /// the defender's catalogue.
    func message(
        to defender: Defender, about: String, subject: String, extra: [String: String] = [:], text: (Catalogue) -> String
    ) async throws -> (PlatformMessage, Data)? {
        if try await himaya.store.consents.records(of: defender.id).withdrew(.alerts) { return nil }
        let catalogue = himaya.catalogues[defender.languages.first ?? "en"]
        var payload = extra
        payload["defenderId"] = defender.id.description
        payload["language"] = catalogue.code
        payload["about"] = about
        payload["text"] = text(catalogue)
        return try PlatformMessage.outgoing(.defenderNotice, subject: subject, payload: payload, at: himaya.clock.now)
    }
}
