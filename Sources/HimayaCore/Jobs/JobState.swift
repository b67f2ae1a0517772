/// Where a background job is in its life: queued, running under a lease, done, or given up on.
public enum JobState: String, Sendable, Codable, CaseIterable {
    /// Waiting for its run time and a free worker.
    case queued
    /// Claimed by a worker whose lease has not run out.
    case running
    /// Finished; never runs again.
    case succeeded
    /// Failed on every allowed attempt; kept for a person to look at.
    case dead

    /// What a worker reports at the end of one attempt.
    public enum Outcome: Sendable, Equatable {
        case succeeded
        /// A failure that may pass: try again later.
        case failed(String)
        /// A failure that will not pass, such as a rejected payload: do not retry.
        case failedPermanently(String)
    }

    /// The state after an attempt with `outcome`, given how many attempts have been made (this one included).
    public func after(_ outcome: Outcome, attempts: Int, maximumAttempts: Int) -> JobState {
        precondition(self == .running, "only a running job finishes an attempt")
        switch outcome {
        case .succeeded: return .succeeded
        case .failedPermanently: return .dead
        case .failed: return attempts >= maximumAttempts ? .dead : .queued
        }
    }

    /// Whether a worker may claim a job in this state (a running job only once its lease ran out).
    public var isClaimable: Bool { self == .queued || self == .running }
}
