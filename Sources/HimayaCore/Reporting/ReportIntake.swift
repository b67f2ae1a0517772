public import Foundation

/// Everything stored when a report is accepted, in one transaction: the report, its files, the hash
/// of its receipt code, and the case it opens or joins.
public struct ReportIntake: Sendable {
    public var report: Report
    public var assessment: PriorityPolicy.Assessment
    public var serviceLevels: ServiceLevels
    public var receipt: ReceiptCode
    public var evidence: [EvidenceUpload]

    public init(
        report: Report, assessment: PriorityPolicy.Assessment, serviceLevels: ServiceLevels, receipt: ReceiptCode,
        evidence: [EvidenceUpload]
    ) {
        self.report = report
        self.assessment = assessment
        self.serviceLevels = serviceLevels
        self.receipt = receipt
        self.evidence = evidence
    }
}

/// What the reporter is told once the report is stored.
public struct FiledReport: Sendable, Equatable {
    public let reportID: Report.ID
    public let caseFile: Case
    /// Whether the report joined an open case about the same target and content.
    public let joinedOpenCase: Bool

    public init(reportID: Report.ID, caseFile: Case, joinedOpenCase: Bool) {
        self.reportID = reportID
        self.caseFile = caseFile
        self.joinedOpenCase = joinedOpenCase
    }
}

/// One message between the responders and the reporter of one report. Each reporter has their own
/// thread, even when reports share a case, so reporters never see each other.
public struct ReportMessage: Sendable, Equatable {
    public typealias ID = Identifier<ReportMessage>

    /// Who wrote it.
    public enum Author: String, Sendable, Codable {
        case reporter, responder
    }

    public var id: ID
    public var reportID: Report.ID
    public var author: Author
    public var staffID: StaffAccount.ID?
    public var body: String
    public var sentAt: Date

    public init(id: ID = ID(), reportID: Report.ID, author: Author, staffID: StaffAccount.ID?, body: String, sentAt: Date) {
        self.id = id
        self.reportID = reportID
        self.author = author
        self.staffID = staffID
        self.body = body
        self.sentAt = sentAt
    }
}

/// What a reporter with a receipt code may see: the case's state and their own thread and files.
public struct FollowUp: Sendable, Equatable {
    public var reportID: Report.ID
    public var caseFile: Case
    public var messages: [ReportMessage]
    public var evidence: [EvidenceFile]
    public var reporterLanguage: String

    public init(reportID: Report.ID, caseFile: Case, messages: [ReportMessage], evidence: [EvidenceFile], reporterLanguage: String) {
        self.reportID = reportID
        self.caseFile = caseFile
        self.messages = messages
        self.evidence = evidence
        self.reporterLanguage = reporterLanguage
    }
}
