import Foundation
import HimayaCore
import HimayaStore

extension Himaya {
    /// A defender's alerts, newest first, as their space and a delegate's page show them: a short
    /// summary each, and the content only for the one asked for (`shown`), so nobody meets the
    /// words of a threat before choosing to.
    func alertRows(of defender: Defender.ID, shown: String?) async throws -> [[String: Any]] {
        var rows: [[String: Any]] = []
        for (message, payload) in try await store.outbox.messagesWithPayloads(about: "defender:\(defender)").reversed() where message.kind == .alertCreated {
            guard let fields = try JSONSerialization.jsonObject(with: payload) as? [String: String] else { continue }
            rows.append([
                "id": message.id.description, "summary": fields["summary"] ?? "", "time": ReportController.time(message.updatedAt),
                "shown": shown == message.id.description, "content": fields["contentId"] ?? "",
                "excerpt": fields["excerpt"] ?? "", "hasExcerpt": !(fields["excerpt"] ?? "").isEmpty,
            ])
        }
        return rows
    }
}
