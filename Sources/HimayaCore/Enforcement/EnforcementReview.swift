public import Foundation

/// A takedown against an enrolled defender, held until a trained responder has reviewed it.
public struct EnforcementReview: Sendable, Equatable {
    public typealias ID = Identifier<EnforcementReview>

    /// Where the review is.
    public enum Status: String, Sendable, Codable, CaseIterable {
        case pending, upheld, overturned
    }

    /// What the responder decided.
    public enum Outcome: String, Sendable, Codable, CaseIterable {
        /// The platform may go ahead.
        case uphold
        /// The action must not happen: the content or account stays.
        case overturn
    }

    public var id: ID
    public var defenderID: Defender.ID
    /// The platform's id of the content, if the action is on content.
    public var contentID: String?
    public var action: EnforcementAction
    /// The platform's own stated ground, if it gave one.
    public var platformReason: String?
    public var priority: Priority
    /// Why it has that priority (factor codes, as cases keep them).
    public var priorityFactors: [String]
    public var status: Status
    public var requestedAt: Date
    public var dueAt: Date
    /// Signs of a false-report campaign found so far (codes of `CampaignSign`).
    public var campaignSigns: [String]
    public var decidedAt: Date?
    public var decidedBy: StaffAccount.ID?
    /// The responder's reason; sealed at rest.
    public var reason: String?
    /// Whether the content was political speech, for the accuracy figures.
    public var politicalSpeech: Bool

    public init(
        id: ID = ID(), defenderID: Defender.ID, contentID: String?, action: EnforcementAction, platformReason: String?, priority: Priority,
        priorityFactors: [String], status: Status = .pending, requestedAt: Date, dueAt: Date, campaignSigns: [String] = [],
        decidedAt: Date? = nil, decidedBy: StaffAccount.ID? = nil, reason: String? = nil, politicalSpeech: Bool = false
    ) {
        self.id = id
        self.defenderID = defenderID
        self.contentID = contentID
        self.action = action
        self.platformReason = platformReason
        self.priority = priority
        self.priorityFactors = priorityFactors
        self.status = status
        self.requestedAt = requestedAt
        self.dueAt = dueAt
        self.campaignSigns = campaignSigns
        self.decidedAt = decidedAt
        self.decidedBy = decidedBy
        self.reason = reason
        self.politicalSpeech = politicalSpeech
    }

    /// The priority of a held action: the action's gravity, raised one level for each aggravating
    /// factor (the defender's risk, the country's civic space, an event running, a campaign of reports).
    public static func assess(
        action: EnforcementAction, riskTier: RiskTier?, civicSpace: CivicSpace?, activeEvent: String?, campaign: Bool
    ) -> (priority: Priority, factors: [String]) {
        var priority = action.basePriority
        var factors = ["action:\(action.rawValue):\(priority)"]
        func raise(_ factor: String) {
            factors.append(factor)
            priority = priority.raised
        }
        if let riskTier, riskTier >= .high { raise("risk_tier:\(riskTier.rawValue)") }
        if let civicSpace, civicSpace.isRestrictive { raise("civic_space:\(civicSpace.rawValue)") }
        if let activeEvent { raise("event:\(activeEvent)") }
        if campaign { raise("report_campaign") }
        return (priority, factors)
    }

    /// Records a decision; only a pending review can be decided, and a reason is required.
    public func deciding(_ outcome: Outcome, reason: String, politicalSpeech: Bool, by staff: StaffAccount.ID, at date: Date) -> EnforcementReview? {
        guard status == .pending, !reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return nil }
        var decided = self
        decided.status = outcome == .uphold ? .upheld : .overturned
        decided.reason = reason
        decided.politicalSpeech = politicalSpeech
        decided.decidedBy = staff
        decided.decidedAt = date
        return decided
    }
}
