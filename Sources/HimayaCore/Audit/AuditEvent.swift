public import Foundation

/// One entry of the append-only audit log: who did what to which record, never what it said.
public struct AuditEvent: Sendable, Equatable {
    /// Position in the chain, from 1.
    public var sequence: Int64
    public var recordedAt: Date
    /// Who acted: `staff:<id>`, `partner:<id>`, `defender:<id>`, `system` or `anonymous`.
    public var actor: String
    /// What happened, as a dotted name such as `staff.signed_in` or `evidence.opened`.
    public var action: String
    /// The record acted on, as `<kind>:<id>`, if any.
    public var subject: String?
    /// Extra facts as ids and codes only; never names, handles, contact details or report text.
    public var detail: [String: String]
    /// Hex SHA-256 of the previous entry ("" for the first).
    public var previousHash: String
    /// Hex SHA-256 over this entry's fields and `previousHash`.
    public var hash: String

    public init(
        sequence: Int64, recordedAt: Date, actor: String, action: String, subject: String?,
        detail: [String: String], previousHash: String, hash: String
    ) {
        self.sequence = sequence
        self.recordedAt = recordedAt
        self.actor = actor
        self.action = action
        self.subject = subject
        self.detail = detail
        self.previousHash = previousHash
        self.hash = hash
    }

    /// The canonical text the hash is computed over: stable field order, detail keys sorted, times in
    /// whole milliseconds so both databases give back exactly what was hashed.
    public var canonicalText: String {
        let millis = Int64((recordedAt.timeIntervalSince1970 * 1000).rounded())
        let details = detail.keys.sorted().map { "\(escape($0))=\(escape(detail[$0]!))" }.joined(separator: "&")
        return [String(sequence), String(millis), escape(actor), escape(action), escape(subject ?? ""), details, previousHash]
            .joined(separator: "|")
    }

    private func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "|", with: "\\|")
            .replacingOccurrences(of: "&", with: "\\&")
            .replacingOccurrences(of: "=", with: "\\=")
    }
}

/// A new audit entry before it is chained.
public struct AuditEntry: Sendable, Equatable {
    public var actor: String
    public var action: String
    public var subject: String?
    public var detail: [String: String]

    public init(actor: String, action: String, subject: String? = nil, detail: [String: String] = [:]) {
        self.actor = actor
        self.action = action
        self.subject = subject
        self.detail = detail
    }
}

/// The result of walking the audit chain from the first entry to the last.
public enum AuditVerification: Equatable, Sendable {
    /// Every entry's hash matched and every link pointed at the entry before it.
    case intact(entries: Int64)
    /// The first entry where the chain breaks, and why.
    case broken(sequence: Int64, reason: String)
}
