import HimayaStore
import Foundation
import Hummingbird
import HimayaCore

/// The audit log for auditors and administrators: the chain's verification and the latest entries.
struct AuditController {
    let himaya: Himaya

    func register(on group: RouterGroup<AppRequestContext>) {
        group.get(use: show)
    }

    @Sendable func show(request: Request, context: AppRequestContext) async throws -> HTMLPage {
        let catalogue = himaya.catalogues[context.language]
        let verdict: String
        let verdictClass: String
        switch try await himaya.store.audit.verify() {
        case .intact(let entries):
            verdict = catalogue.text("audit_chain_intact", ["count": String(entries)])
            verdictClass = "ok"
        case .broken(let sequence, let reason):
            verdict = catalogue.text("audit_chain_broken", ["sequence": String(sequence), "reason": reason])
            verdictClass = "error"
        }
        let formatter = ISO8601DateFormatter()
        let events = try await himaya.store.audit.latest(limit: 50).map { event -> [String: Any] in
            ["sequence": event.sequence, "time": formatter.string(from: event.recordedAt), "actor": event.actor,
             "action": event.action, "subject": event.subject ?? ""]
        }
        return try himaya.page(
            "audit", title: "audit_title", request: request, context: context,
            values: ["verdict": verdict, "verdictClass": verdictClass, "events": events, "hasEvents": !events.isEmpty])
    }
}
