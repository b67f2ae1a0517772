public import Foundation

/// A member of the platform's trust and safety staff who signs in to Himaya.
public struct StaffAccount: Sendable, Equatable {
    public typealias ID = Identifier<StaffAccount>

    public var id: ID
    /// The sign-in name; staff are employees, so this is not sealed, but it never goes to logs.
    public var username: String
    public var displayName: String
    public var role: StaffRole
    /// Language codes the person can work in (BCP 47, e.g. "ar", "fr").
    public var languages: [String]
    /// Regions the person covers (e.g. "MENA", "LATAM", or an ISO country code).
    public var regions: [String]
    public var lockout: SignInLockout
    /// For a partner member, the organisation they belong to.
    public var partnerID: Partner.ID?
    public var createdAt: Date

    public init(
        id: ID = ID(), username: String, displayName: String, role: StaffRole,
        languages: [String], regions: [String], lockout: SignInLockout = SignInLockout(), partnerID: Partner.ID? = nil,
        createdAt: Date
    ) {
        self.id = id
        self.username = username
        self.displayName = displayName
        self.role = role
        self.languages = languages
        self.regions = regions
        self.lockout = lockout
        self.partnerID = partnerID
        self.createdAt = createdAt
    }
}
