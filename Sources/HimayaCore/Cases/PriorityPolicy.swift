/// The explainable rule that sets a case's priority. It starts from the category and raises one level
/// per aggravating factor; a person in immediate danger is always P0. Every factor that counted is
/// returned, so the case shows why it has its priority.
public enum PriorityPolicy {
    /// What the rule looks at.
    public struct Inputs: Sendable, Equatable {
        public var category: IncidentCategory
        public var immediateDanger: Bool
        public var riskTier: RiskTier?
        public var civicSpace: CivicSpace?
        public var activeEvent: String?
        public var partnerUrgent: Bool
        /// An image near a defender's reference photo (possibly altered) came with threatening text.
        public var alteredImageWithThreat: Bool

        public init(
            category: IncidentCategory, immediateDanger: Bool, riskTier: RiskTier? = nil, civicSpace: CivicSpace? = nil,
            activeEvent: String? = nil, partnerUrgent: Bool = false, alteredImageWithThreat: Bool = false
        ) {
            self.alteredImageWithThreat = alteredImageWithThreat
            self.category = category
            self.immediateDanger = immediateDanger
            self.riskTier = riskTier
            self.civicSpace = civicSpace
            self.activeEvent = activeEvent
            self.partnerUrgent = partnerUrgent
        }
    }

    /// A reason that set or raised the priority, with its message key for the case page.
    public enum Factor: Sendable, Equatable, Hashable {
        case category(IncidentCategory, Priority)
        case immediateDanger
        case riskTier(RiskTier)
        case civicSpace(CivicSpace)
        case heightenedRiskEvent(String)
        case partnerUrgent
        case alteredImageWithThreat

        /// A short stable code for storage and the API.
        public var code: String {
            switch self {
            case .category(let category, let priority): "category:\(category.rawValue):\(priority)"
            case .immediateDanger: "immediate_danger"
            case .riskTier(let tier): "risk_tier:\(tier.rawValue)"
            case .civicSpace(let space): "civic_space:\(space.rawValue)"
            case .heightenedRiskEvent(let event): "event:\(event)"
            case .partnerUrgent: "partner_urgent"
            case .alteredImageWithThreat: "altered_image_with_threat"
            }
        }
    }

    /// The priority and the factors behind it.
    public struct Assessment: Sendable, Equatable {
        public let priority: Priority
        public let factors: [Factor]
    }

    /// Where each category starts before aggravating factors.
    public static func basePriority(of category: IncidentCategory) -> Priority {
        switch category {
        case .threatOfViolence, .veiledThreat, .doxxing, .imageBasedAbuse, .accountTakeover, .surveillance: .p1
        case .harassment, .smearCampaign, .impersonation, .alteredImage: .p2
        case .other: .p3
        }
    }

    public static func assess(_ inputs: Inputs) -> Assessment {
        let base = basePriority(of: inputs.category)
        var factors: [Factor] = [.category(inputs.category, base)]
        var priority = base
        func raise(_ factor: Factor) {
            factors.append(factor)
            priority = priority.raised
        }
        if let tier = inputs.riskTier, tier >= .high { raise(.riskTier(tier)) }
        if let space = inputs.civicSpace, space.isRestrictive { raise(.civicSpace(space)) }
        if let event = inputs.activeEvent { raise(.heightenedRiskEvent(event)) }
        if inputs.partnerUrgent { raise(.partnerUrgent) }
        // The Peru case: a doctored photo of a defender beside a threat is a threat made concrete.
        if inputs.alteredImageWithThreat { raise(.alteredImageWithThreat) }
        if inputs.immediateDanger {
            factors.append(.immediateDanger)
            priority = .p0
        }
        return Assessment(priority: priority, factors: factors)
    }
}
