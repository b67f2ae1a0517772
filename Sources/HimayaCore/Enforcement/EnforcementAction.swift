/// What the platform is about to do to an account or a piece of content.
public enum EnforcementAction: String, Sendable, CaseIterable, Codable {
    case removal
    case restriction
    case suspension
    case demonetisation

    /// Where a held action's review starts: silencing the whole account is the gravest.
    public var basePriority: Priority {
        switch self {
        case .suspension: .p1
        case .removal, .restriction: .p2
        case .demonetisation: .p3
        }
    }

    public var messageKey: String { "enforcement_action_\(rawValue)" }
}
