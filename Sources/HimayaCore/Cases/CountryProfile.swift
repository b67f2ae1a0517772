public import Foundation

/// What Himaya knows about a country that changes how urgent an attack there is.
public struct CountryProfile: Sendable, Equatable, Codable {
    /// ISO 3166-1 alpha-2.
    public var code: String
    public var civicSpace: CivicSpace
    /// Languages spoken there, most common first.
    public var languages: [String]
    /// Periods of heightened risk: elections, protests, conflicts.
    public var events: [HeightenedRiskEvent]

    public init(code: String, civicSpace: CivicSpace, languages: [String], events: [HeightenedRiskEvent]) {
        self.code = code
        self.civicSpace = civicSpace
        self.languages = languages
        self.events = events
    }

    /// The first event running at `date`, if any.
    public func activeEvent(at date: Date) -> HeightenedRiskEvent? {
        events.first { $0.starts <= date && date < $0.ends }
    }
}

/// A period when attacks on defenders in a country are more likely or more dangerous.
public struct HeightenedRiskEvent: Sendable, Equatable, Codable {
    /// A short id, such as `2026-presidential-election`.
    public var id: String
    public var starts: Date
    public var ends: Date

    public init(id: String, starts: Date, ends: Date) {
        self.id = id
        self.starts = starts
        self.ends = ends
    }
}
