public import Foundation

/// Where reports, their cases, files, receipts and message threads are kept.
public protocol ReportDesk: Sendable {
    /// Stores the report, its files and receipt, opening a case or joining the open one about the
    /// same target and content, all in one transaction, with an audit entry.
    func file(_ intake: ReportIntake) async throws -> FiledReport
    /// The follow-up view for a receipt code, or nil when no report has that code.
    func followUp(receipt: ReceiptCode) async throws -> FollowUp?
    /// The follow-up view of one report.
    func followUp(reportID: Report.ID) async throws -> FollowUp?
    func addMessage(_ message: ReportMessage) async throws
    /// Adds files to a filed report, with an audit entry.
    func addEvidence(_ evidence: [EvidenceUpload], to reportID: Report.ID) async throws
    func caseFile(id: Case.ID) async throws -> Case?
    /// The partner that filed a report, if one did; a partner may read only its own.
    func filingPartner(of reportID: Report.ID) async throws -> Partner.ID?
    /// Keeps files from a form that had mistakes, so the reporter need not upload them again.
    func hold(_ upload: EvidenceUpload, tokenHash: String, until expiry: Date) async throws
    /// Takes back held files by their token hashes, removing them from holding; unknown or expired ones are skipped.
    func takeHeld(tokenHashes: [String], at now: Date) async throws -> [EvidenceUpload]
    /// The names of held files, to show them in the form again.
    func heldFileNames(tokenHashes: [String], at now: Date) async throws -> [String: String]
    /// Opens a follow-up session for a report after its receipt code was given.
    func openFollowUpSession(tokenHash: String, reportID: Report.ID, until expiry: Date) async throws
    /// The report of a follow-up session that has not expired.
    func followUpSession(tokenHash: String, at now: Date) async throws -> Report.ID?
    func closeFollowUpSession(tokenHash: String) async throws
    /// Removes expired held files and follow-up sessions; returns how many rows went.
    func removeExpired(at now: Date) async throws -> Int
}

/// A trusted partner's key for the API. Only a hash of the secret is stored.
public struct PartnerAPIKey: Sendable, Equatable {
    public typealias ID = Identifier<PartnerAPIKey>

    /// What a key may do.
    public enum Scope: String, Sendable, CaseIterable, Codable {
        case reportsWrite = "reports:write"
        case reportsRead = "reports:read"
    }

    public var id: ID
    public var partnerID: Partner.ID
    /// The first characters of the key, shown to tell keys apart.
    public var prefix: String
    public var scopes: Set<Scope>
    public var createdAt: Date
    public var revokedAt: Date?

    public init(id: ID = ID(), partnerID: Partner.ID, prefix: String, scopes: Set<Scope>, createdAt: Date, revokedAt: Date? = nil) {
        self.id = id
        self.partnerID = partnerID
        self.prefix = prefix
        self.scopes = scopes
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }
}

/// Partner keys and the record of idempotent API requests.
public protocol PartnerKeyring: Sendable {
    func add(_ key: PartnerAPIKey, secretHash: String) async throws
    /// The key with this secret hash, if it is not revoked.
    func activeKey(secretHash: String) async throws -> PartnerAPIKey?
    func revoke(_ id: PartnerAPIKey.ID, at date: Date) async throws
    func keys(of partner: Partner.ID) async throws -> [PartnerAPIKey]
    /// The stored response for a partner's idempotency key, with the hash of the request that made it.
    func idempotentResponse(partner: Partner.ID, key: String) async throws -> (requestHash: String, response: Data)?
    /// Remembers the response to a request with an idempotency key; false if another request got there first.
    func rememberResponse(partner: Partner.ID, key: String, requestHash: String, response: Data, at date: Date) async throws -> Bool
}
