/// What the reporter agreed to. Nothing is shared beyond this; law enforcement only on an explicit yes.
public struct ReportConsent: Sendable, Equatable, Codable {
    /// How the reporter wants to be contacted, if at all.
    public var contact: ContactMethod
    /// The trusted partner the reporter agreed to share this report with, if any.
    public var shareWithPartner: Partner.ID?
    /// Whether the reporter chose to let the report go to law enforcement. Never assumed.
    public var lawEnforcement: Bool

    public init(contact: ContactMethod = .followUpOnly, shareWithPartner: Partner.ID? = nil, lawEnforcement: Bool = false) {
        self.contact = contact
        self.shareWithPartner = shareWithPartner
        self.lawEnforcement = lawEnforcement
    }
}

/// How a reporter may be reached. The address itself is sealed apart from the report.
public enum ContactMethod: String, Sendable, CaseIterable, Codable {
    /// Only through the follow-up page with the receipt code: nothing to leak.
    case followUpOnly = "follow_up_only"
    case email
    case phone
    /// A message inside the platform, to the reporter's account.
    case platformMessage = "platform_message"
    /// Through the partner organisation that filed the report.
    case throughPartner = "through_partner"

    /// Whether this method needs an address from the reporter.
    public var needsAddress: Bool { self == .email || self == .phone || self == .platformMessage }
}
