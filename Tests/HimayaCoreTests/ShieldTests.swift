import Foundation
import HimayaCore
import Testing

@Suite("Shield mode")
struct ShieldTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    var fresh: Date { now.addingTimeInterval(-2 * 86_400) }
    var old: Date { now.addingTimeInterval(-400 * 86_400) }

    @Test("a shield that is off holds nothing, whoever writes")
    func offHoldsNothing() {
        let interaction = ShieldedInteraction(authorCreatedAt: fresh, inPileOn: true, onBlockList: true)
        #expect(ShieldSettings.off.reasons(toHold: interaction, at: now).isEmpty)
    }

    @Test("a shield that is on holds block-listed accounts, pile-on accounts and new accounts, giving every reason")
    func holdsWithReasons() {
        let shield = ShieldSettings(isOn: true, newAccountDays: 30)
        #expect(shield.reasons(toHold: .init(authorCreatedAt: fresh, inPileOn: true, onBlockList: true), at: now) == [.blockList, .pileOn, .newAccount])
        #expect(shield.reasons(toHold: .init(authorCreatedAt: old, inPileOn: false, onBlockList: false), at: now).isEmpty)
        // An account whose age the platform did not give is not taken for a new one.
        #expect(shield.reasons(toHold: .init(authorCreatedAt: nil, inPileOn: false, onBlockList: false), at: now).isEmpty)
    }

    @Test("each sign counts only when the defender chose it")
    func onlyChosenSigns() {
        let shield = ShieldSettings(isOn: true, newAccountDays: 0, holdPileOn: false, holdBlockList: true)
        #expect(shield.reasons(toHold: .init(authorCreatedAt: fresh, inPileOn: true, onBlockList: false), at: now).isEmpty)
        #expect(shield.reasons(toHold: .init(authorCreatedAt: fresh, inPileOn: true, onBlockList: true), at: now) == [.blockList])
    }

    @Test("settings need a listed account age, and a shield that is on must hold something")
    func validSettings() {
        #expect(ShieldSettings(isOn: true).isValid)
        #expect(!ShieldSettings(isOn: true, newAccountDays: 5).isValid)
        #expect(!ShieldSettings(isOn: true, newAccountDays: 0, holdPileOn: false, holdBlockList: false).isValid)
        #expect(ShieldSettings(isOn: false, newAccountDays: 0, holdPileOn: false, holdBlockList: false).isValid)
    }

    @Test("a pile-on goes on while alarms come within the hour, and a later alarm starts another")
    func pileOnContinues() {
        let pileOn = PileOn(defenderID: .init(), startedAt: now, lastSeenAt: now, accountCount: 9, coordinated: false)
        #expect(pileOn.continues(at: now.addingTimeInterval(3_000)))
        #expect(!pileOn.continues(at: now.addingTimeInterval(3_700)))
    }

    @Test("a blocked account is named as the platform names it, without spaces")
    func blockedAccounts() {
        #expect(BlockedAccount.isValid("@troll_42"))
        #expect(!BlockedAccount.isValid("two words"))
        #expect(!BlockedAccount.isValid(""))
    }
}
