public import Foundation

/// A trusted civil-society organisation that reports for defenders and vouches for their enrolment.
public struct Partner: Sendable, Equatable {
    public typealias ID = Identifier<Partner>

    public var id: ID
    /// The organisation's public name.
    public var name: String
    /// ISO 3166-1 alpha-2 code of its home country.
    public var country: String
    /// Languages it works in.
    public var languages: [String]
    public var kind: PartnerKind
    public var joinedAt: Date

    public init(id: ID = ID(), name: String, country: String, languages: [String], kind: PartnerKind, joinedAt: Date) {
        self.id = id
        self.name = name
        self.country = country
        self.languages = languages
        self.kind = kind
        self.joinedAt = joinedAt
    }
}

/// What kind of organisation a partner is.
public enum PartnerKind: String, Sendable, CaseIterable, Codable {
    case helpline, ngo, pressFreedom = "press_freedom", legalAid = "legal_aid", network
}
