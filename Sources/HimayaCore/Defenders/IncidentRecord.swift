public import Foundation

/// One incident in a defender's evidence file: what was reported, when, the links, what was
/// decided, and the fingerprints of the evidence, for a lawyer or a court.
public struct IncidentRecord: Sendable, Equatable {
    /// A decision on the incident.
    public struct DecisionLine: Sendable, Equatable, Codable {
        public var decidedAt: Date
        public var clause: String
        public var actions: [String]

        public init(decidedAt: Date, clause: String, actions: [String]) {
            self.decidedAt = decidedAt
            self.clause = clause
            self.actions = actions
        }
    }

    /// One evidence file by its fingerprint.
    public struct EvidenceLine: Sendable, Equatable, Codable {
        public var sha256: String
        public var mediaType: String
        public var receivedAt: Date

        public init(sha256: String, mediaType: String, receivedAt: Date) {
            self.sha256 = sha256
            self.mediaType = mediaType
            self.receivedAt = receivedAt
        }
    }

    public var caseReference: String
    public var category: IncidentCategory
    public var status: CaseStatus
    public var openedAt: Date
    public var links: [String]
    public var decisions: [DecisionLine]
    public var evidence: [EvidenceLine]

    public init(caseReference: String, category: IncidentCategory, status: CaseStatus, openedAt: Date, links: [String], decisions: [DecisionLine], evidence: [EvidenceLine]) {
        self.caseReference = caseReference
        self.category = category
        self.status = status
        self.openedAt = openedAt
        self.links = links
        self.decisions = decisions
        self.evidence = evidence
    }
}
