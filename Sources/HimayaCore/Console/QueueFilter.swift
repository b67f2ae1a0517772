/// What a responder narrows the queue to. Empty fields do not filter.
public struct QueueFilter: Sendable, Equatable {
    public var language: String?
    public var country: String?
    public var category: IncidentCategory?
    public var status: CaseStatus?
    public var assignee: StaffAccount.ID?
    /// Only cases held by the responder looking.
    public var mine: Bool
    /// Only cases in the countries of this region (a name `Regions` knows, or a country code).
    public var region: String?
    /// Only cases in the viewer's languages and regions (set by the protection lead for responders).
    public var onlyInReach: Bool

    public init(
        language: String? = nil, country: String? = nil, category: IncidentCategory? = nil, status: CaseStatus? = nil,
        assignee: StaffAccount.ID? = nil, mine: Bool = false, region: String? = nil, onlyInReach: Bool = false
    ) {
        self.language = language
        self.country = country
        self.category = category
        self.status = status
        self.assignee = assignee
        self.mine = mine
        self.region = region
        self.onlyInReach = onlyInReach
    }
}

/// One row of the queue.
public struct QueueEntry: Sendable, Equatable {
    public var caseFile: Case
    public var assignee: StaffAccount.ID?
    public var answered: Bool

    public init(caseFile: Case, assignee: StaffAccount.ID?, answered: Bool) {
        self.caseFile = caseFile
        self.assignee = assignee
        self.answered = answered
    }
}

/// The order the queue is worked in: the responder's own languages and countries first, then by
/// priority, then by how close the first response is due.
public enum QueueOrder {
    /// Whether `caseFile` is in the reach of someone who works in `languages` and covers `regions`
    /// (country codes or region names that `Regions` knows).
    public static func isInReach(_ caseFile: Case, languages: [String], regions: [String]) -> Bool {
        if let language = caseFile.language, languages.contains(language) { return true }
        return Regions.covers(regions, country: caseFile.country)
    }

    public static func sorted(_ entries: [QueueEntry], languages: [String], regions: [String]) -> [QueueEntry] {
        entries.sorted { left, right in
            let leftReach = isInReach(left.caseFile, languages: languages, regions: regions)
            let rightReach = isInReach(right.caseFile, languages: languages, regions: regions)
            if leftReach != rightReach { return leftReach }
            if left.caseFile.priority != right.caseFile.priority { return left.caseFile.priority < right.caseFile.priority }
            return left.caseFile.firstResponseDue < right.caseFile.firstResponseDue
        }
    }
}
