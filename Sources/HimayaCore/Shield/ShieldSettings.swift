public import Foundation

/// A defender's shield: while it is on, replies, mentions and messages from likely attackers are
/// held out of sight by the platform, in a folder the defender or a delegate reviews later.
public struct ShieldSettings: Sendable, Equatable {
    public var isOn: Bool
    /// Accounts younger than this many days are held; 0 leaves account age out.
    public var newAccountDays: Int
    /// Hold accounts taking part in a pile-on against the defender.
    public var holdPileOn: Bool
    /// Hold accounts on the defender's block list.
    public var holdBlockList: Bool

    public init(isOn: Bool, newAccountDays: Int = 30, holdPileOn: Bool = true, holdBlockList: Bool = true) {
        self.isOn = isOn
        self.newAccountDays = newAccountDays
        self.holdPileOn = holdPileOn
        self.holdBlockList = holdBlockList
    }

    /// Where every defender starts: off, with the usual signs ready for when they turn it on.
    public static let off = ShieldSettings(isOn: false)

    /// The account ages a defender may choose, in days.
    public static let newAccountChoices = [0, 7, 30, 90]

    /// Whether these settings can be kept: a known account age, and on means holding something.
    public var isValid: Bool {
        Self.newAccountChoices.contains(newAccountDays) && (!isOn || newAccountDays > 0 || holdPileOn || holdBlockList)
    }

    /// Why an interaction would be held now, in a fixed order; empty means it reaches the defender.
    public func reasons(toHold interaction: ShieldedInteraction, at now: Date) -> [HoldReason] {
        guard isOn else { return [] }
        var reasons: [HoldReason] = []
        if holdBlockList && interaction.onBlockList { reasons.append(.blockList) }
        if holdPileOn && interaction.inPileOn { reasons.append(.pileOn) }
        if newAccountDays > 0, let created = interaction.authorCreatedAt, now.timeIntervalSince(created) < Double(newAccountDays) * 86_400 {
            reasons.append(.newAccount)
        }
        return reasons
    }
}

/// Why the shield holds something.
public enum HoldReason: String, Sendable, CaseIterable, Codable {
    case blockList = "block_list"
    case pileOn = "pile_on"
    case newAccount = "new_account"

    public var messageKey: String { "shield_reason_\(rawValue)" }
}

/// How a reply, mention or message reaches a defender.
public enum InteractionKind: String, Sendable, CaseIterable, Codable {
    case post
    case reply
    case mention
    case message

    public var messageKey: String { "shield_kind_\(rawValue)" }
}

/// What the shield knows about one incoming reply, mention or message.
public struct ShieldedInteraction: Sendable, Equatable {
    /// When the author's account was made, if the platform said.
    public var authorCreatedAt: Date?
    public var inPileOn: Bool
    public var onBlockList: Bool

    public init(authorCreatedAt: Date?, inPileOn: Bool, onBlockList: Bool) {
        self.authorCreatedAt = authorCreatedAt
        self.inPileOn = inPileOn
        self.onBlockList = onBlockList
    }
}
