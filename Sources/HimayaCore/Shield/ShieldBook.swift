public import Foundation

/// Where shields are kept: settings, block lists, the held folder and pile-ons. Every change that
/// the platform must carry out is stored with its signed message in one transaction.
public protocol ShieldBook: Sendable {
    func settings(of defender: Defender.ID) async throws -> ShieldSettings
    func save(_ settings: ShieldSettings, for defender: Defender.ID, by actor: String, message: (PlatformMessage, Data)) async throws

    func blockList(of defender: Defender.ID) async throws -> [BlockedAccount]
    func isBlocked(_ account: String, by defender: Defender.ID) async throws -> Bool
    /// Adds accounts (those already there are left as they are), with the platform's message.
    func block(_ accounts: [String], for defender: Defender.ID, source: BlockedAccount.Source, by actor: String, message: (PlatformMessage, Data)?) async throws
    /// False when the entry is not the defender's.
    func unblock(_ id: BlockedAccount.ID, for defender: Defender.ID, by actor: String) async throws -> Bool

    func hold(_ item: HeldItem, message: (PlatformMessage, Data)) async throws
    /// The defender's held folder, newest first.
    func held(of defender: Defender.ID) async throws -> [HeldItem]
    /// Moves a held item on, once; false when it is not the defender's or no longer held.
    func resolve(_ id: HeldItem.ID, of defender: Defender.ID, to state: HeldItem.State, by actor: String, messages: [(PlatformMessage, Data)]) async throws -> Bool

    /// Records a pile-on alarm with the accounts in its window (keyed index and account): it
    /// continues the defender's last pile-on if that was seen within the hour, or starts one.
    func recordPileOn(
        for defender: Defender.ID, members: [(index: String, account: String)], coordinated: Bool, at date: Date
    ) async throws -> PileOn
    /// The defender's pile-ons, newest first.
    func pileOns(of defender: Defender.ID) async throws -> [PileOn]
    /// Whether the author (by keyed index) took part in a pile-on against the defender still going at `date`.
    func isInPileOn(_ authorIndex: String, against defender: Defender.ID, at date: Date) async throws -> Bool
    /// The accounts of one pile-on.
    func members(of pileOn: PileOn.ID, for defender: Defender.ID) async throws -> [String]
    /// Records what was done about a pile-on; false when it is not the defender's.
    func act(on pileOn: PileOn.ID, for defender: Defender.ID, action: PileOn.Action, by actor: String) async throws -> Bool
}
