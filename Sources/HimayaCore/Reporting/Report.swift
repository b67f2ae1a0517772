public import Foundation

/// One account of an attack, as the reporter gave it. Narrative, links, target and contact are
/// sealed at rest by the store; the domain sees them in the clear.
public struct Report: Sendable, Equatable {
    public typealias ID = Identifier<Report>

    public var id: ID
    public var source: ReportSource
    public var category: IncidentCategory
    /// Whether someone is in immediate physical danger.
    public var immediateDanger: Bool
    /// Whether the reporter is the person attacked, or reports for someone else.
    public var reporterIsTarget: Bool
    /// The attacked person's account on the platform (handle or profile link), if given.
    public var targetAccount: String?
    /// ISO 3166-1 alpha-2 country where the targeted person is.
    public var country: String
    /// The language the attack is written in (BCP 47), if known.
    public var attackLanguage: String?
    /// The language the reporter used, for every answer to them.
    public var reporterLanguage: String
    public var narrative: String
    /// Links or platform content ids of the attack.
    public var contentReferences: [String]
    public var consent: ReportConsent
    /// The contact address, for the method chosen in consent; sealed.
    public var contactAddress: String?
    /// A partner's own urgency flag.
    public var urgent: Bool
    public var receivedAt: Date

    public init(
        id: ID = ID(), source: ReportSource, category: IncidentCategory, immediateDanger: Bool, reporterIsTarget: Bool,
        targetAccount: String?, country: String, attackLanguage: String?, reporterLanguage: String, narrative: String,
        contentReferences: [String], consent: ReportConsent, contactAddress: String?, urgent: Bool, receivedAt: Date
    ) {
        self.id = id
        self.source = source
        self.category = category
        self.immediateDanger = immediateDanger
        self.reporterIsTarget = reporterIsTarget
        self.targetAccount = targetAccount
        self.country = country
        self.attackLanguage = attackLanguage
        self.reporterLanguage = reporterLanguage
        self.narrative = narrative
        self.contentReferences = contentReferences
        self.consent = consent
        self.contactAddress = contactAddress
        self.urgent = urgent
        self.receivedAt = receivedAt
    }
}
