/// What a responder does about a case, each delivered to the platform as its own webhook.
public enum DecisionAction: String, Sendable, CaseIterable, Codable {
    case removeContent = "remove_content"
    case restrictVisibility = "restrict_visibility"
    case labelContent = "label_content"
    case warnAuthor = "warn_author"
    case suspendAuthor = "suspend_author"
    /// Secure the defender's account: end other sessions, require a second factor, hide details.
    case secureAccount = "secure_account"
    /// Hand the case to a senior responder; nothing goes to the platform.
    case escalate
    case noAction = "no_action"

    /// Whether the platform has to do something, so a webhook is sent.
    public var reachesPlatform: Bool { self != .escalate && self != .noAction }

    /// The key of this action's name in the message catalogues.
    public var messageKey: String { "action_\(rawValue)" }
}
