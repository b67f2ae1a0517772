public import Foundation

/// A note responders leave on a case for each other; never shown to the reporter; sealed.
public struct CaseNote: Sendable, Equatable {
    public typealias ID = Identifier<CaseNote>

    public var id: ID
    public var caseID: Case.ID
    public var staffID: StaffAccount.ID
    public var body: String
    public var writtenAt: Date

    public init(id: ID = ID(), caseID: Case.ID, staffID: StaffAccount.ID, body: String, writtenAt: Date) {
        self.id = id
        self.caseID = caseID
        self.staffID = staffID
        self.body = body
        self.writtenAt = writtenAt
    }
}

/// The responders' side of cases: the queue, who holds what, the reports and files inside, notes.
public protocol CaseQueue: Sendable {
    /// Open cases matching `filter`, the viewer's reach first, then by priority and deadline.
    func openCases(filter: QueueFilter, viewer: StaffAccount, limit: Int) async throws -> [QueueEntry]
    func entry(_ id: Case.ID) async throws -> QueueEntry?
    /// Takes an unheld case; false when someone else holds it already.
    func claim(_ id: Case.ID, by staff: StaffAccount.ID) async throws -> Bool
    /// Gives a case to `staff` (nil to release it), recorded as done by `actor`.
    func assign(_ id: Case.ID, to staff: StaffAccount.ID?, by actor: StaffAccount.ID) async throws
    /// The reports in a case, opened for a responder; the reading is audited.
    func reports(in id: Case.ID, readBy staff: StaffAccount.ID) async throws -> [Report]
    func evidence(in id: Case.ID) async throws -> [EvidenceFile]
    /// The bytes of one file for a responder (the copy without metadata, or the original as
    /// received); every opening goes to the audit log.
    func openEvidence(_ id: EvidenceFile.ID, original: Bool, by staff: StaffAccount.ID) async throws -> (EvidenceFile, [UInt8])?
    func addNote(_ note: CaseNote) async throws
    func notes(in id: Case.ID) async throws -> [CaseNote]
    /// Sends a message to the reporter of `report`, marks the case answered and in progress.
    func answer(_ message: ReportMessage, in id: Case.ID) async throws
    /// The audit entries about a case and its reports, oldest first.
    func timeline(of id: Case.ID) async throws -> [AuditEvent]
    /// Counts one more graphic item opened by `staff` on `day`; returns the day's count.
    func recordExposure(of staff: StaffAccount.ID, day: String) async throws -> Int
    func exposure(of staff: StaffAccount.ID, day: String) async throws -> Int
    /// How many open cases there are in each attack language (nil: not known).
    func openCasesByLanguage() async throws -> [String?: Int]
}
