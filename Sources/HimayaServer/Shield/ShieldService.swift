public import Foundation
public import HimayaCore
import HimayaStore

/// Shield mode: decides which replies, mentions and messages to a shielded defender the platform
/// should hold out of sight, and carries out what the defender or a delegate decides about them
/// (let one through, block its author, block or mute a whole pile-on), each through a signed
/// message to the platform stored with the change.
public struct ShieldService: Sendable {
    let himaya: Himaya

    public init(himaya: Himaya) { self.himaya = himaya }

    /// One incoming item, as the scan received it.
    public struct Incoming: Sendable {
        public var contentID: String
        public var authorID: String?
        public var authorCreatedAt: Date?
        public var kind: InteractionKind
        public var mentions: [String]
        public var text: String

        public init(contentID: String, authorID: String?, authorCreatedAt: Date?, kind: InteractionKind, mentions: [String], text: String) {
            self.contentID = contentID
            self.authorID = authorID
            self.authorCreatedAt = authorCreatedAt
            self.kind = kind
            self.mentions = mentions
            self.text = text
        }
    }

    /// Holds the item for every shielded defender it is addressed to (a reply, mention or message
    /// to their account) whose shield says so; returns who it was held for and why.
    public func check(_ item: Incoming, at now: Date) async throws -> [(Defender.ID, [HoldReason])] {
        var held: [(Defender.ID, [HoldReason])] = []
        var seen = Set<Defender.ID>()
        // Who the author is, looked up once, when the item first reaches an enrolled defender.
        var author: (defender: Defender.ID?, key: String)?
        for account in item.mentions {
            guard let defender = try await himaya.store.defenders.defender(holding: account), seen.insert(defender.id).inserted else { continue }
            if let authorID = item.authorID, author == nil {
                author = (try await himaya.store.defenders.defender(holding: authorID)?.id, himaya.store.blindIndex.postAuthor(authorID))
            }
            // A defender's own posts in their own threads are never held from them.
            if let author, author.defender == defender.id { continue }
            let settings = try await himaya.store.shield.settings(of: defender.id)
            guard settings.isOn else { continue }
            var inPileOn = false
            var onBlockList = false
            if let authorID = item.authorID, let author {
                inPileOn = try await himaya.store.shield.isInPileOn(author.key, against: defender.id, at: now)
                onBlockList = try await himaya.store.shield.isBlocked(authorID, by: defender.id)
            }
            let reasons = settings.reasons(
                toHold: ShieldedInteraction(authorCreatedAt: item.authorCreatedAt, inPileOn: inPileOn, onBlockList: onBlockList), at: now)
            guard !reasons.isEmpty else { continue }
            let heldItem = HeldItem(
                defenderID: defender.id, contentID: item.contentID, author: item.authorID ?? "", kind: item.kind, reasons: reasons,
                excerpt: String(item.text.prefix(HeldItem.excerptLength)), heldAt: now)
            try await himaya.store.shield.hold(
                heldItem,
                message: try PlatformMessage.outgoing(
                    .shieldHold, subject: "defender:\(defender.id)",
                    fields: ["defenderId": defender.id.description, "contentId": item.contentID, "kind": item.kind.rawValue,
                             "reasons": reasons.map(\.rawValue), "heldItemId": heldItem.id.description],
                    at: now))
            held.append((defender.id, reasons))
        }
        return held
    }

    /// Turns the shield on, changes what it holds, or turns it off; the platform is told.
    public func save(_ settings: ShieldSettings, for defender: Defender.ID, by actor: String) async throws {
        let message = try PlatformMessage.outgoing(
            .shieldChanged, subject: "defender:\(defender)",
            fields: ["defenderId": defender.description, "state": settings.isOn ? "on" : "off", "newAccountDays": settings.newAccountDays,
                     "holdPileOn": settings.holdPileOn, "holdBlockList": settings.holdBlockList],
            at: himaya.clock.now)
        try await himaya.store.shield.save(settings, for: defender, by: actor, message: message)
    }

    /// Lets a held item through; false when it is not the defender's or no longer held.
    public func release(_ id: HeldItem.ID, for defender: Defender.ID, by actor: String) async throws -> Bool {
        guard let item = try await himaya.store.shield.held(of: defender).first(where: { $0.id == id }) else { return false }
        let message = try PlatformMessage.outgoing(
            .shieldRelease, subject: "defender:\(defender)", fields: ["defenderId": defender.description, "contentId": item.contentID],
            at: himaya.clock.now)
        return try await himaya.store.shield.resolve(id, of: defender, to: .released, by: actor, messages: [message])
    }

    /// Blocks a held item's author and keeps the item out of sight; false when it is not the
    /// defender's, no longer held, or has no known author.
    public func blockAuthor(of id: HeldItem.ID, for defender: Defender.ID, by actor: String) async throws -> Bool {
        guard let item = try await himaya.store.shield.held(of: defender).first(where: { $0.id == id }), !item.author.isEmpty else { return false }
        guard try await himaya.store.shield.resolve(id, of: defender, to: .blocked, by: actor, messages: []) else { return false }
        try await himaya.store.shield.block([item.author], for: defender, source: .heldItem, by: actor, message: try restrict([item.author], .block, for: defender))
        return true
    }

    /// Blocks or mutes everyone in a pile-on in one action; false when it is not the defender's.
    public func act(on pileOn: PileOn.ID, action: PileOn.Action, for defender: Defender.ID, by actor: String) async throws -> Bool {
        let accounts = try await himaya.store.shield.members(of: pileOn, for: defender)
        guard !accounts.isEmpty else { return false }
        switch action {
        case .blocked:
            try await himaya.store.shield.block(accounts, for: defender, source: .pileOn, by: actor, message: try restrict(accounts, .block, for: defender))
        case .muted:
            let (message, body) = try restrict(accounts, .mute, for: defender)
            try await himaya.store.outbox.queue(message, payload: body)
        }
        return try await himaya.store.shield.act(on: pileOn, for: defender, action: action, by: actor)
    }

    /// Adds an account to the defender's block list and asks the platform to block it.
    public func block(_ account: String, for defender: Defender.ID, by actor: String) async throws {
        try await himaya.store.shield.block([account], for: defender, source: .added, by: actor, message: try restrict([account], .block, for: defender))
    }

    /// Takes an account off the block list and asks the platform to lift the block.
    public func unblock(_ id: BlockedAccount.ID, for defender: Defender.ID, by actor: String) async throws -> Bool {
        guard let entry = try await himaya.store.shield.blockList(of: defender).first(where: { $0.id == id }),
            try await himaya.store.shield.unblock(id, for: defender, by: actor)
        else { return false }
        let (message, body) = try restrict([entry.account], .unblock, for: defender)
        try await himaya.store.outbox.queue(message, payload: body)
        return true
    }

    enum Restriction: String {
        case block, mute, unblock
    }

    private func restrict(_ accounts: [String], _ operation: Restriction, for defender: Defender.ID) throws -> (PlatformMessage, Data) {
        try PlatformMessage.outgoing(
            .accountsRestrict, subject: "defender:\(defender)",
            fields: ["defenderId": defender.description, "operation": operation.rawValue, "accounts": accounts], at: himaya.clock.now)
    }
}
