import Foundation
public import HimayaCore
import HimayaStore

/// Turns a responder's choice into a recorded decision: the statement of reasons, a webhook per
/// action that reaches the platform, and a notice to every reporter of the case in their language.
public struct DecisionDesk: Sendable {
    let himaya: Himaya

    public init(himaya: Himaya) { self.himaya = himaya }

    /// Records the decision, or returns what is wrong with it as message keys.
    public func decide(
        caseID: Case.ID, by staff: StaffAccount, clauseID: String, reason: String, actions: [DecisionAction]
    ) async throws -> [Decision.Problem] {
        let clauses = himaya.policy
        let clause = clauses.clause(clauseID)
        let problems = Decision.check(actions: actions, clause: clause, reason: reason)
        guard problems.isEmpty, let clause, let entry = try await himaya.store.cases.entry(caseID) else { return problems }
        let now = himaya.clock.now
        let decision = Decision(
            caseID: caseID, staffID: staff.id, clauseID: clause.id, clauseVersion: clauses.version, reason: reason, actions: actions,
            decidedAt: now)
        let reports = try await himaya.store.cases.reports(in: caseID, readBy: staff.id)
        let statement = StatementOfReasons.make(
            decision: decision, caseFile: entry.caseFile, clause: clause, sources: reports.map(\.source),
            contentDate: reports.map(\.receivedAt).min() ?? now)
        let references = reports.flatMap(\.contentReferences)
        let targets = reports.compactMap(\.targetAccount)
        let deliveries = try actions.filter(\.reachesPlatform).map { action -> (WebhookDelivery, Data) in
            let delivery = WebhookDelivery(decisionID: decision.id, caseID: caseID, action: action, updatedAt: now)
            let payload = WebhookPayload(
                id: delivery.id.description, type: "action.requested", action: action.rawValue, caseReference: entry.caseFile.reference,
                decision: decision.id.description, clause: clause.id, clauseVersion: clauses.version,
                contentReferences: references, targetAccounts: targets, statementPUID: statement.puid, createdAt: now)
            return (delivery, try WebhookPayload.encoder.encode(payload))
        }
        let notices = reports.map { report in
            let catalogue = himaya.catalogues[report.reporterLanguage]
            return ReportMessage(
                reportID: report.id, author: .responder, staffID: staff.id,
                body: catalogue.text("notice_decided", [
                    "clause": clause.title(in: catalogue.code),
                    "actions": actions.map { catalogue.text($0.messageKey) }.joined(separator: ", "),
                ]),
                sentAt: now)
        }
        let defenderNotices = try await noticesToDefenders(reports: reports, caseID: caseID, clause: clause, actions: actions)
        try await himaya.store.decisions.record(
            decision, statement: statement, deliveries: deliveries, notices: notices, messages: defenderNotices,
            resolves: !actions.contains(.escalate))
        return []
    }

    /// The defender attacked is told too when someone else reported for them: through the
    /// platform, in their language, unless they withdrew consent to being told.
    private func noticesToDefenders(
        reports: [Report], caseID: Case.ID, clause: PolicyClause, actions: [DecisionAction]
    ) async throws -> [(PlatformMessage, Data)] {
        var told = Set<Defender.ID>()
        var messages: [(PlatformMessage, Data)] = []
        for report in reports where !report.reporterIsTarget {
            guard let account = report.targetAccount, let defender = try await himaya.store.defenders.defender(holding: account),
                told.insert(defender.id).inserted
            else { continue }
            let notice = try await DefenderNotice(himaya: himaya).message(to: defender, about: "case_decided", subject: "case:\(caseID)") { catalogue in
                catalogue.text("notice_decided_defender", [
                    "clause": clause.title(in: catalogue.code), "actions": actions.map { catalogue.text($0.messageKey) }.joined(separator: ", "),
                ])
            }
            if let notice { messages.append(notice) }
        }
        return messages
    }
}

/// What the platform receives for each action; described in the OpenAPI document's webhooks.
struct WebhookPayload: Codable {
    var id: String
    var type: String
    var action: String
    var caseReference: String
    var decision: String
    var clause: String
    var clauseVersion: Int
    var contentReferences: [String]
    var targetAccounts: [String]
    var statementPUID: String
    var createdAt: Date

    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = .sortedKeys
        return encoder
    }
}
