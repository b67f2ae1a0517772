import Foundation
public import HimayaCore
import HimayaDetection
import HimayaStore
import Logging

/// The rules around a takedown against a defender: hold it for review, look at the reports behind
/// it, tell the platform and the defender how it was decided.
public struct EnforcementGuard: Sendable {
    let himaya: Himaya

    public init(himaya: Himaya) { self.himaya = himaya }

    /// The answer to the platform's check.
    public enum Answer: Sendable, Equatable {
        case proceed
        case hold(EnforcementReview)
    }

    /// Fast for everyone who is not protected: one keyed hash and a set lookup.
    public func check(account: String, contentID: String?, action: EnforcementAction, platformReason: String?) async throws -> Answer {
        let now = himaya.clock.now
        himaya.protectedAccounts.refreshInBackground(from: himaya.store, at: now)
        let index = himaya.store.blindIndex.index(account)
        guard himaya.protectedAccounts.mayContain(index: index) else { return .proceed }
        guard let defenderID = try await himaya.store.enforcement.guardedDefender(accountIndex: index),
            let defender = try await himaya.store.defenders.defender(id: defenderID)
        else { return .proceed }
        let finding = try await campaignFinding(defender: defenderID, at: now).finding
        let profile = himaya.countries.profiles[defender.country]
        let assessed = EnforcementReview.assess(
            action: action, riskTier: defender.riskTier, civicSpace: profile?.civicSpace, activeEvent: profile?.activeEvent(at: now)?.id,
            campaign: finding.isCampaign)
        let review = EnforcementReview(
            defenderID: defenderID, contentID: contentID, action: action, platformReason: platformReason, priority: assessed.priority,
            priorityFactors: assessed.factors, requestedAt: now,
            dueAt: himaya.configuration.serviceLevels.firstResponseDue(for: assessed.priority, openedAt: now),
            campaignSigns: finding.signs.map(\.rawValue))
        let notice = try await defenderNotice(defender, review: review, event: "held")
        let held = try await himaya.store.enforcement.hold(review, accountIndex: index, messages: notice.map { [$0] } ?? [])
        if held.id == review.id {
            himaya.logger.info("takedown held for review", metadata: ["review": "\(held.id)", "priority": "\(held.priority)"])
        }
        return .hold(held)
    }

    /// What the recent reports against a defender show, and who sent them.
    func campaignFinding(defender: Defender.ID, at now: Date) async throws -> (finding: MassReportDetector.Finding, reporters: Set<String>) {
        let detector = MassReportDetector()
        let reports = try await himaya.store.enforcement.recentReports(defender: defender, since: now.addingTimeInterval(-detector.window))
        let finding = detector.assess(reports, knownAttackers: try await himaya.store.enforcement.knownAttackers(of: defender), at: now)
        return (finding, Set(reports.map(\.reporterIndex)))
    }

    /// Stores reports the platform received against a defender and flags a campaign when they show
    /// one: the reporters are remembered as pile-on accounts, the signs go on the pending reviews,
    /// and the defender's case gets the evidence.
    public func receive(account: String, contentID: String?, reports: [EnforcementReport]) async throws -> MassReportDetector.Finding? {
        let now = himaya.clock.now
        let index = himaya.store.blindIndex.index(account)
        guard let defenderID = try await himaya.store.enforcement.guardedDefender(accountIndex: index) else { return nil }
        try await himaya.store.enforcement.addReports(reports, defender: defenderID, contentID: contentID)
        let (finding, reporters) = try await campaignFinding(defender: defenderID, at: now)
        guard finding.isCampaign else { return finding }
        try await himaya.store.enforcement.recordCampaign(defender: defenderID, reporters: reporters, signs: finding.signs, at: now)
        let reasons = finding.signs.map { sign -> String in
            switch sign {
            case .burst: "\(finding.reporters) accounts reported the defender within an hour"
            case .freshAccounts: "\(finding.figures["fresh_reporters"] ?? 0) of the reporting accounts are under a week old"
            case .knownAttackers: "\(finding.figures["known_attackers"] ?? 0) reporters were already seen in a pile-on against the defender"
            case .nearIdenticalTexts: "\(finding.figures["near_identical"] ?? 0) reports have near-identical texts"
            }
        }
        _ = try await CaseOpening(himaya: himaya).file(
            contentID: contentID ?? "account", category: .harassment, reasons: ["a campaign of false reports: " + reasons.joined(separator: "; ")],
            defenderID: defenderID, targetAccount: account, language: nil, threateningText: false)
        return finding
    }

    /// Records the responder's decision and tells the platform and the defender.
    public func decide(_ review: EnforcementReview, outcome: EnforcementReview.Outcome, reason: String, politicalSpeech: Bool, by staff: StaffAccount.ID) async throws -> Bool {
        let now = himaya.clock.now
        guard let decided = review.deciding(outcome, reason: reason, politicalSpeech: politicalSpeech, by: staff, at: now) else { return false }
        var payload: [String: String] = [
            "reviewId": decided.id.description, "outcome": outcome.rawValue, "action": decided.action.rawValue,
            "reason": reason, "decidedAt": ISO8601DateFormatter().string(from: now),
        ]
        if let content = decided.contentID { payload["contentId"] = content }
        var messages = [try PlatformMessage.outgoing(.enforcementReviewed, subject: "enforcement_review:\(decided.id)", payload: payload, at: now)]
        if let defender = try await himaya.store.defenders.defender(id: decided.defenderID),
            let notice = try await defenderNotice(defender, review: decided, event: outcome == .uphold ? "upheld" : "overturned")
        {
            messages.append(notice)
        }
        return try await himaya.store.enforcement.decide(decided, messages: messages)
    }

    /// A notice in the defender's first language, for the platform to deliver, unless the defender
    /// withdrew consent to being told (`alerts`). Only the review id and the action: nothing the
    /// platform does not already know.
    func defenderNotice(_ defender: Defender, review: EnforcementReview, event: String) async throws -> (PlatformMessage, Data)? {
        try await DefenderNotice(himaya: himaya).message(
            to: defender, about: "enforcement_\(event)", subject: "enforcement_review:\(review.id)", extra: ["reviewId": review.id.description]
        ) { catalogue in
            catalogue.text("enforcement_notice_\(event)", ["action": catalogue.text(review.action.messageKey)])
        }
    }
}
