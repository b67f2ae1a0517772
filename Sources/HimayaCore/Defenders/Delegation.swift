public import Foundation

/// A defender's grant to a named partner organisation to act for them, limited in time and
/// revocable; every use is audited and visible to the defender.
public struct Delegation: Sendable, Equatable {
    public typealias ID = Identifier<Delegation>

    /// What the partner may do.
    public enum Right: String, Sendable, CaseIterable, Codable {
        case lockdown
        case reporting
        case seeAlerts = "see_alerts"
        /// Review the shield's held folder, block and mute.
        case shield
    }

    public var id: ID
    public var defenderID: Defender.ID
    public var partnerID: Partner.ID
    public var rights: Set<Right>
    public var grantedAt: Date
    public var expiresAt: Date
    public var revokedAt: Date?

    public init(id: ID = ID(), defenderID: Defender.ID, partnerID: Partner.ID, rights: Set<Right>, grantedAt: Date, expiresAt: Date, revokedAt: Date? = nil) {
        self.id = id
        self.defenderID = defenderID
        self.partnerID = partnerID
        self.rights = rights
        self.grantedAt = grantedAt
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
    }

    /// Whether the partner may use `right` at `date`: granted, not expired, not revoked.
    public func allows(_ right: Right, at date: Date) -> Bool {
        rights.contains(right) && revokedAt == nil && grantedAt <= date && date < expiresAt
    }

    /// The lengths a defender may grant, in days.
    public static let lengths = [1, 7, 30, 90]
}

/// Where delegations are kept.
public protocol DelegationBook: Sendable {
    func grant(_ delegation: Delegation) async throws
    func revoke(_ id: Delegation.ID, by defender: Defender.ID, at date: Date) async throws
    func delegations(of defender: Defender.ID) async throws -> [Delegation]
    func delegations(to partner: Partner.ID) async throws -> [Delegation]
    /// Audits one use of a delegation, so the defender sees it.
    func recordUse(_ delegation: Delegation, right: Delegation.Right, by actor: String) async throws
    /// The audited uses of the defender's delegations and of the cases they share, newest first.
    func uses(of defender: Defender.ID) async throws -> [AuditEvent]
}
