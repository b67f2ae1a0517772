import HimayaCore
import Testing

@Suite("Job lifecycle")
struct JobLifecycleTests {
    static let transitions: [(JobState.Outcome, Int, Int, JobState)] = [
        (.succeeded, 1, 5, .succeeded),
        (.failed("timeout"), 1, 5, .queued),
        (.failed("timeout"), 4, 5, .queued),
        (.failed("timeout"), 5, 5, .dead),
        (.failedPermanently("rejected"), 1, 5, .dead),
        (.succeeded, 5, 5, .succeeded),
    ]

    @Test("a running job's next state follows its outcome and attempts", arguments: transitions)
    func transition(outcome: JobState.Outcome, attempts: Int, maximum: Int, expected: JobState) {
        #expect(JobState.running.after(outcome, attempts: attempts, maximumAttempts: maximum) == expected)
    }

    @Test("only queued and running jobs can be claimed")
    func claimable() {
        #expect(JobState.allCases.filter(\.isClaimable) == [.queued, .running])
    }

    @Test("retry delays double from the first delay up to the ceiling")
    func backoffDoubles() {
        let policy = RetryPolicy(firstDelay: 5, maximumDelay: 60, maximumAttempts: 10)
        #expect((1...6).map { policy.delay(afterAttempt: $0) } == [5, 10, 20, 40, 60, 60])
    }

    @Test("jitter adds at most a quarter of the delay")
    func jitterIsBounded() {
        let policy = RetryPolicy(firstDelay: 8, maximumDelay: 60, maximumAttempts: 10)
        #expect(policy.delay(afterAttempt: 1, unit: 0) == 8)
        #expect(policy.delay(afterAttempt: 1, unit: 0.999) < 10)
    }
}
