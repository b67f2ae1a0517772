import Foundation
import HimayaCore
import HimayaStore

extension Himaya {
    /// A defender's incidents as the evidence file and a sharing partner's page show them: dates,
    /// links, decisions with the policy clause, and fingerprints of the evidence, in `language`.
    func incidentRows(of defender: Defender.ID, language: String) async throws -> [[String: Any]] {
        let catalogue = catalogues[language]
        return try await store.defenders.incidents(of: defender).map { incident -> [String: Any] in
            [
                "reference": incident.caseReference, "category": catalogue.text(incident.category.messageKey),
                "status": catalogue.text(incident.status.messageKey), "opened": ReportController.time(incident.openedAt),
                "links": incident.links, "hasLinks": !incident.links.isEmpty,
                "decisions": incident.decisions.map { decision in
                    ["line": catalogue.text("me_evidence_decision", [
                        "time": ReportController.time(decision.decidedAt), "clause": decision.clause,
                        "actions": decision.actions.compactMap(DecisionAction.init(rawValue:)).map { catalogue.text($0.messageKey) }.joined(separator: ", "),
                    ])]
                },
                "evidence": incident.evidence.map { ["sha256": $0.sha256, "type": $0.mediaType, "received": ReportController.time($0.receivedAt)] },
            ]
        }
    }
}
