import HimayaDetection

/// What matching one image (or a hash a platform sent) against the hash lists found.
public struct MediaSignal: Sendable, Equatable {
    /// How the image relates to the listed one.
    public enum Kind: String, Sendable, Codable {
        /// Perceptually the same picture as a listed one (within the list's distance).
        case listMatch = "list_match"
        /// The very same file (MD5 or SHA-256).
        case exactMatch = "exact_match"
        /// Near a defender's reference photo but not identical: possibly an altered picture of them.
        case possibleAlteredImage = "possible_altered_image"
        /// A defender's reference photo reposted unchanged.
        case referencePhotoReposted = "reference_photo_reposted"
        /// The image was not matched: its PDQ quality is too low for a meaningful hash.
        case lowQuality = "low_quality"
    }

    public var kind: Kind
    /// Which media of the content item (0-based).
    public var mediaIndex: Int
    public var listID: HashList.ID?
    public var listName: String?
    public var category: HashList.Category?
    public var action: HashList.Action?
    public var defenderID: Defender.ID?
    /// Bits differing from the listed hash (0 for exact matches).
    public var distance: Int?
    /// The image's PDQ quality, when it was hashed here or sent with its hash.
    public var quality: Int?
    /// Why, in words a responder can check: the rule and the figures.
    public var explanation: String

    public init(
        kind: Kind, mediaIndex: Int, listID: HashList.ID? = nil, listName: String? = nil, category: HashList.Category? = nil,
        action: HashList.Action? = nil, defenderID: Defender.ID? = nil, distance: Int? = nil, quality: Int? = nil, explanation: String
    ) {
        self.kind = kind
        self.mediaIndex = mediaIndex
        self.listID = listID
        self.listName = listName
        self.category = category
        self.action = action
        self.defenderID = defenderID
        self.distance = distance
        self.quality = quality
        self.explanation = explanation
    }
}
