public import Foundation

/// A human rights defender enrolled, with consent, as a protected person.
public struct Defender: Sendable, Equatable {
    public typealias ID = Identifier<Defender>

    public var id: ID
    /// The name the defender wants to be known by to responders; sealed at rest.
    public var displayName: String
    /// ISO 3166-1 alpha-2 code of the country where the defender works.
    public var country: String
    /// Languages the defender reads, most preferred first; alerts and pages use the first.
    public var languages: [String]
    /// What the defender does, in the seeds' words (journalist, lawyer, land defender …).
    public var activity: DefenderActivity
    public var riskTier: RiskTier
    public var enrolledAt: Date

    public init(
        id: ID = ID(), displayName: String, country: String, languages: [String], activity: DefenderActivity,
        riskTier: RiskTier, enrolledAt: Date
    ) {
        self.id = id
        self.displayName = displayName
        self.country = country
        self.languages = languages
        self.activity = activity
        self.riskTier = riskTier
        self.enrolledAt = enrolledAt
    }
}

/// The work that puts a defender at risk; used for risk figures by group.
public enum DefenderActivity: String, Sendable, CaseIterable, Codable {
    case journalist, lawyer, landEnvironmental = "land_environmental", womensRights = "womens_rights"
    case lgbtiRights = "lgbti_rights", unionist, ngoStaff = "ngo_staff", other
}

/// How exposed a defender is judged to be; raises the priority of what concerns them.
public enum RiskTier: String, Sendable, CaseIterable, Codable, Comparable {
    case standard, elevated, high, critical

    private var rank: Int { Self.allCases.firstIndex(of: self)! }
    public static func < (lhs: RiskTier, rhs: RiskTier) -> Bool { lhs.rank < rhs.rank }
}

extension Defender {
    /// The languages alerts and pages can be in.
    public static let alertLanguages = ["en", "fr", "ar", "es"]
    /// The languages a defender may say they read: those text detection reads.
    public static let readableLanguages = ["ar", "de", "en", "es", "fr", "hi", "it", "nl", "pl", "pt", "zh"]

    /// A defender's languages from their choice: the alert language first, then the others they
    /// read, each once; nil when a choice is not on the lists.
    public static func languages(alerts: String, others: [String]) -> [String]? {
        guard alertLanguages.contains(alerts), others.allSatisfy(readableLanguages.contains) else { return nil }
        var seen: Set<String> = [alerts]
        return [alerts] + others.filter { seen.insert($0).inserted }
    }
}
