public import Foundation

/// One pile-on against a defender: the accounts that took part, from the first alarm until an
/// hour passes without one, so the defender can block or mute them all in one action.
public struct PileOn: Sendable, Equatable {
    public typealias ID = Identifier<PileOn>

    /// What the defender did about it.
    public enum Action: String, Sendable, Codable {
        case blocked
        case muted
    }

    public var id: ID
    public var defenderID: Defender.ID
    public var startedAt: Date
    public var lastSeenAt: Date
    public var accountCount: Int
    public var coordinated: Bool
    public var action: Action?

    public init(id: ID = ID(), defenderID: Defender.ID, startedAt: Date, lastSeenAt: Date, accountCount: Int, coordinated: Bool, action: Action? = nil) {
        self.id = id
        self.defenderID = defenderID
        self.startedAt = startedAt
        self.lastSeenAt = lastSeenAt
        self.accountCount = accountCount
        self.coordinated = coordinated
        self.action = action
    }

    /// Whether an alarm at `date` continues this pile-on rather than starting another.
    public func continues(at date: Date) -> Bool { date.timeIntervalSince(lastSeenAt) <= PileOnDetector.window }
}

/// One account on a defender's block list.
public struct BlockedAccount: Sendable, Equatable {
    public typealias ID = Identifier<BlockedAccount>

    /// How it got there.
    public enum Source: String, Sendable, Codable {
        /// Typed in by the defender or a delegate.
        case added
        /// The author of a held item.
        case heldItem = "held_item"
        /// Blocked with everyone in a pile-on.
        case pileOn = "pile_on"
    }

    public var id: ID
    public var account: String
    public var source: Source
    public var addedAt: Date

    public init(id: ID = ID(), account: String, source: Source, addedAt: Date) {
        self.id = id
        self.account = account
        self.source = source
        self.addedAt = addedAt
    }

    /// An account as typed: a handle or profile id of 1 to 200 characters without spaces.
    public static func isValid(_ account: String) -> Bool {
        (1...200).contains(account.count) && !account.contains(where: \.isWhitespace)
    }
}
