/// How free a country's civic space is, on the scale civil-society monitors use.
public enum CivicSpace: String, Sendable, CaseIterable, Codable {
    case open, narrowed, obstructed, repressed, closed

    /// Whether defenders there face state pressure that raises the stakes of any attack.
    public var isRestrictive: Bool { self == .repressed || self == .closed }
}
