import Foundation
import HimayaCore
import Testing

@Suite("Sign-in lockout")
struct SignInLockoutTests {
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    @Test("four failures leave the account open")
    func fourFailuresLeaveTheAccountOpen() {
        var lockout = SignInLockout()
        for _ in 1...4 { lockout = lockout.recordingFailure(at: start) }
        #expect(!lockout.isLocked(at: start))
        #expect(lockout.failures == 4)
    }

    @Test("the fifth failure locks the account for fifteen minutes")
    func fifthFailureLocks() {
        var lockout = SignInLockout()
        for _ in 1...5 { lockout = lockout.recordingFailure(at: start) }
        #expect(lockout.isLocked(at: start))
        #expect(lockout.isLocked(at: start.addingTimeInterval(14 * 60)))
        #expect(!lockout.isLocked(at: start.addingTimeInterval(15 * 60)))
    }

    @Test("after a lock runs out the count starts again")
    func expiredLockStartsAFreshCount() {
        var lockout = SignInLockout()
        for _ in 1...5 { lockout = lockout.recordingFailure(at: start) }
        let later = start.addingTimeInterval(16 * 60)
        lockout = lockout.recordingFailure(at: later)
        #expect(!lockout.isLocked(at: later))
        #expect(lockout.failures == 1)
    }

    @Test("a successful sign-in clears the failures")
    func successClears() {
        let lockout = SignInLockout(failures: 3).recordingSuccess()
        #expect(lockout == SignInLockout())
    }
}
