/// What kind of attack a report describes, in the words of the seed documents.
public enum IncidentCategory: String, CaseIterable, Sendable, Codable {
    case threatOfViolence = "threat_of_violence"
    /// A threat where the method of violence is not spelled out: "we know where your children go".
    case veiledThreat = "veiled_threat"
    /// Personal details exposed: home address, phone, family, workplace.
    case doxxing
    case harassment
    case smearCampaign = "smear_campaign"
    case impersonation
    case accountTakeover = "account_takeover"
    /// Intimate images shared or threatened without consent.
    case imageBasedAbuse = "image_based_abuse"
    case alteredImage = "altered_image"
    case surveillance
    case other

    /// The key of this category's name in the message catalogues.
    public var messageKey: String { "category_\(rawValue)" }
}
