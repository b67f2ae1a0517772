import Foundation
import HimayaCore
import Testing

@Suite("Lockdown steps")
struct LockdownTests {
    let lockdown = Lockdown(defenderID: .init(), requestedBy: "defender", requestedAt: Date(), alertResponders: true)

    @Test("a new lockdown asks for every step at once")
    func allSteps() {
        #expect(Set(lockdown.steps.keys) == Set(LockdownStep.lockdown))
        #expect(lockdown.steps.values.allSatisfy { $0 == .requested })
        #expect(!lockdown.isComplete)
    }

    @Test("the platform confirms or refuses a requested step; a confirmed step is lifted only after an undo was asked")
    func transitions() throws {
        let applied = try #require(lockdown.reporting(.makePrivate, as: .applied))
        #expect(applied.reporting(.makePrivate, as: .undone) == nil)
        let undoing = try #require(applied.undoing(.makePrivate))
        #expect(undoing.steps[.makePrivate] == .undoRequested)
        #expect(undoing.reporting(.makePrivate, as: .undone)?.steps[.makePrivate] == .undone)
        #expect(lockdown.undoing(.hideFollowers) == nil)
        #expect(lockdown.reporting(.hideFollowers, as: .failed)?.steps[.hideFollowers] == .failed)
    }

    @Test("a lockdown is complete when every step is confirmed in force")
    func complete() {
        var all = lockdown
        for step in LockdownStep.lockdown { all = all.reporting(step, as: .applied)! }
        #expect(all.isComplete)
    }

    @Test("each setting stands where the newest request that touched it left it")
    func settings() throws {
        let earlier = try #require(lockdown.reporting(.makePrivate, as: .applied))
        let single = Lockdown(defenderID: lockdown.defenderID, requestedBy: "defender", requestedAt: Date(), alertResponders: false,
                              steps: [.makePrivate: .undone, .hideFromSearch: .applied])
        let settings = Lockdown.settings(from: [single, earlier])
        #expect(settings[.makePrivate]?.state == .undone)
        #expect(settings[.makePrivate]?.lockdown == single.id)
        #expect(settings[.hideFollowers]?.lockdown == earlier.id)
        #expect(settings[.blockTagging] == nil)
        #expect(earlier.isWholeLockdown && !single.isWholeLockdown)
    }

    @Test("a setting can be turned on when it is off or lifted, not while it is on or on its way")
    func turningOn() {
        #expect(Lockdown.mayTurnOn(nil))
        #expect(Lockdown.mayTurnOn(.undone))
        for state in [Lockdown.StepState.requested, .applied, .failed, .undoRequested] { #expect(!Lockdown.mayTurnOn(state)) }
    }
}
