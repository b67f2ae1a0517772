public import Foundation

/// What a defender agreed Himaya may do for them; each use is granted and withdrawn on its own.
public enum ConsentPurpose: String, Sendable, CaseIterable, Codable {
    /// Watch for their names, aliases and handles in scanned content.
    case mentionDetection = "mention_detection"
    /// Tell them about threats they have not seen.
    case alerts
    /// Share their cases with the partners they name (`ConsentBook.name`).
    case partnerSharing = "partner_sharing"
    /// Keep hashes (never the photos) of their pictures to catch altered copies.
    case referencePhotos = "reference_photos"
    /// Hold takedowns of their content for human review.
    case enforcementGuard = "enforcement_guard"
}

/// One recorded consent.
public struct ConsentRecord: Sendable, Equatable {
    public var defenderID: Defender.ID
    public var purpose: ConsentPurpose
    public var grantedAt: Date
    /// Who recorded it: `defender`, `staff:<id>`, `partner:<id>`, `platform:<id>`.
    public var recordedBy: String
    public var withdrawnAt: Date?

    public init(defenderID: Defender.ID, purpose: ConsentPurpose, grantedAt: Date, recordedBy: String, withdrawnAt: Date? = nil) {
        self.defenderID = defenderID
        self.purpose = purpose
        self.grantedAt = grantedAt
        self.recordedBy = recordedBy
        self.withdrawnAt = withdrawnAt
    }

    public var isActive: Bool { withdrawnAt == nil }
}

extension Array where Element == ConsentRecord {
    /// Whether the defender took back a consent they had given; a defender who never answered
    /// about notices is told, one who withdrew is not.
    public func withdrew(_ purpose: ConsentPurpose) -> Bool {
        contains { $0.purpose == purpose && !$0.isActive }
    }
}

/// Where consents are recorded. Withdrawing a consent deletes, in the same transaction, what it
/// covered: reference-photo hashes; watched terms, posts seen and pile-ons; partners named.
public protocol ConsentBook: Sendable {
    func grant(_ purpose: ConsentPurpose, for defender: Defender.ID, recordedBy: String, at date: Date) async throws
    func withdraw(_ purpose: ConsentPurpose, for defender: Defender.ID, recordedBy: String, at date: Date) async throws
    func records(of defender: Defender.ID) async throws -> [ConsentRecord]
    func holds(_ purpose: ConsentPurpose, for defender: Defender.ID) async throws -> Bool

    /// Names a partner who may see the defender's cases; only with consent to partner sharing
    /// (false without it). Withdrawing that consent forgets every partner named.
    func name(_ partner: Partner.ID, toSee defender: Defender.ID, recordedBy: String, at date: Date) async throws -> Bool
    /// Forgets one named partner; false when it was not named.
    func unname(_ partner: Partner.ID, for defender: Defender.ID, recordedBy: String) async throws -> Bool
    /// The partners the defender named, while the consent holds.
    func namedPartners(of defender: Defender.ID) async throws -> [Partner.ID]
    /// The defenders who named the partner, while their consent holds.
    func defenders(sharingWith partner: Partner.ID) async throws -> [Defender.ID]
}
