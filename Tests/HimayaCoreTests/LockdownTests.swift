import Foundation
import HimayaCore
import Testing

@Suite("Lockdown steps")
struct LockdownTests {
    let lockdown = Lockdown(defenderID: .init(), requestedBy: "defender", requestedAt: Date(), alertResponders: true)

    @Test("a new lockdown asks for every step at once")
    func allSteps() {
        #expect(Set(lockdown.steps.keys) == Set(LockdownStep.allCases))
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
        for step in LockdownStep.allCases { all = all.reporting(step, as: .applied)! }
        #expect(all.isComplete)
    }
}
