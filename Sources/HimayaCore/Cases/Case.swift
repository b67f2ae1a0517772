public import Foundation

/// The one record every report, detection and decision about an attack gathers in.
public struct Case: Sendable, Equatable {
    public typealias ID = Identifier<Case>

    public var id: ID
    /// A short public number for people to quote (H-2026-000123); reveals nothing else.
    public var reference: String
    public var status: CaseStatus
    public var priority: Priority
    /// Why the priority is what it is.
    public var priorityFactors: [String]
    public var category: IncidentCategory
    public var country: String
    /// Language of the attack, if known; for routing to responders who read it.
    public var language: String?
    /// Language of the reporter, for every message to them.
    public var reporterLanguage: String
    public var immediateDanger: Bool
    public var openedAt: Date
    public var firstResponseDue: Date
    public var resolutionDue: Date
    public var reportCount: Int

    public init(
        id: ID = ID(), reference: String, status: CaseStatus, priority: Priority, priorityFactors: [String],
        category: IncidentCategory, country: String, language: String?, reporterLanguage: String, immediateDanger: Bool,
        openedAt: Date, firstResponseDue: Date, resolutionDue: Date, reportCount: Int
    ) {
        self.id = id
        self.reference = reference
        self.status = status
        self.priority = priority
        self.priorityFactors = priorityFactors
        self.category = category
        self.country = country
        self.language = language
        self.reporterLanguage = reporterLanguage
        self.immediateDanger = immediateDanger
        self.openedAt = openedAt
        self.firstResponseDue = firstResponseDue
        self.resolutionDue = resolutionDue
        self.reportCount = reportCount
    }
}
