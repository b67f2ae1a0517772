public import Foundation
public import HimayaDetection

/// A named list of image hashes that Himaya matches content against, with what a match means.
public struct HashList: Sendable, Equatable {
    public typealias ID = Identifier<HashList>

    /// What the list holds, which sets how a match is read.
    public enum Category: String, Sendable, CaseIterable, Codable {
        /// Intimate images shared without consent.
        case intimateImagesWithoutConsent = "intimate_images_without_consent"
        /// Images known to be used to threaten (weapons pointed at a face, mock funerals …).
        case knownThreatImagery = "known_threat_imagery"
        /// A defender's own photos, given with consent, so altered copies can be caught.
        case defenderReferencePhotos = "defender_reference_photos"
        /// A list a trusted partner shared.
        case partnerList = "partner_list"
        /// A list received from an industry hash exchange.
        case industryExchange = "industry_exchange"

        /// The incident category a match opens a case under.
        public var incidentCategory: IncidentCategory {
            switch self {
            case .intimateImagesWithoutConsent: .imageBasedAbuse
            case .knownThreatImagery: .threatOfViolence
            case .defenderReferencePhotos: .alteredImage
            case .partnerList, .industryExchange: .other
            }
        }
    }

    /// What a match does: open (or join) a case, alert the defender concerned, or only be counted.
    public enum Action: String, Sendable, CaseIterable, Codable {
        case openCase = "open_case"
        case alertDefender = "alert_defender"
        case countOnly = "count_only"
    }

    public var id: ID
    public var name: String
    public var category: Category
    /// Who keeps the list: `platform`, `himaya`, or `partner:<id>`, `exchange:<name>`.
    public var owner: String
    /// The largest PDQ distance that counts as a match.
    public var matchThreshold: Int
    /// Images whose PDQ quality is under this are not matched against the list.
    public var minimumQuality: Int
    public var action: Action
    /// For reference photos: whose they are.
    public var defenderID: Defender.ID?
    public var createdAt: Date

    public init(
        id: ID = ID(), name: String, category: Category, owner: String, matchThreshold: Int = HashList.defaultThreshold,
        minimumQuality: Int = HashList.defaultMinimumQuality, action: Action, defenderID: Defender.ID? = nil, createdAt: Date
    ) {
        self.id = id
        self.name = name
        self.category = category
        self.owner = owner
        self.matchThreshold = matchThreshold
        self.minimumQuality = minimumQuality
        self.action = action
        self.defenderID = defenderID
        self.createdAt = createdAt
    }

    /// PDQ's customary match distance.
    public static let defaultThreshold = 31
    /// Under this quality a PDQ hash is mostly noise (flat or tiny images).
    public static let defaultMinimumQuality = 50

    /// Checks the settings a person chose; nil when they are acceptable, else the reason's message key.
    public static func problem(name: String, matchThreshold: Int, minimumQuality: Int) -> String? {
        if name.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty || name.unicodeScalars.count > 120 { return "hash_list_error_name" }
        if !(0...64).contains(matchThreshold) { return "hash_list_error_threshold" }
        if !(0...100).contains(minimumQuality) { return "hash_list_error_quality" }
        return nil
    }
}

/// One hash held by a list.
public struct HashListEntry: Sendable, Equatable {
    public var listID: HashList.ID
    public var signal: HashSignal
    public var addedAt: Date

    public init(listID: HashList.ID, signal: HashSignal, addedAt: Date) {
        self.listID = listID
        self.signal = signal
        self.addedAt = addedAt
    }
}
