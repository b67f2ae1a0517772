public import Foundation

/// A reply, mention or message the shield asked the platform to hold out of the defender's sight.
public struct HeldItem: Sendable, Equatable {
    public typealias ID = Identifier<HeldItem>

    /// What became of it.
    public enum State: String, Sendable, Codable {
        case held
        /// Let through to the defender.
        case released
        /// Its author was blocked.
        case blocked
    }

    public var id: ID
    public var defenderID: Defender.ID
    public var contentID: String
    /// The author's platform account; sealed at rest.
    public var author: String
    public var kind: InteractionKind
    public var reasons: [HoldReason]
    /// The start of its text, for review on request; sealed at rest.
    public var excerpt: String
    public var heldAt: Date
    public var state: State

    public init(
        id: ID = ID(), defenderID: Defender.ID, contentID: String, author: String, kind: InteractionKind, reasons: [HoldReason], excerpt: String,
        heldAt: Date, state: State = .held
    ) {
        self.id = id
        self.defenderID = defenderID
        self.contentID = contentID
        self.author = author
        self.kind = kind
        self.reasons = reasons
        self.excerpt = excerpt
        self.heldAt = heldAt
        self.state = state
    }

    /// How much text is kept for review: enough to judge, no more.
    public static let excerptLength = 280

    /// How long an item let through or whose author was blocked is kept after that: 90 days.
    public static let keptAfterReview: TimeInterval = 90 * 86_400
}
