public import Foundation

/// The table of background work that workers in any process claim and run.
public protocol JobQueue: Sendable {
    /// Queues a job; a second job with the same idempotency key is not created. Returns whether it was new.
    @discardableResult
    func enqueue(_ job: Job) async throws -> Bool
    /// Claims up to `limit` due jobs for `worker`, leasing them until `leaseUntil`.
    func claim(limit: Int, worker: String, now: Date, leaseUntil: Date) async throws -> [Job]
    /// Records the outcome of one attempt; a retry is scheduled at `retryAt`.
    func finish(_ job: Job, outcome: JobState.Outcome, now: Date, retryAt: Date) async throws
    func job(id: Job.ID) async throws -> Job?
    /// Jobs in each state, for metrics and the readiness page.
    func countsByState() async throws -> [JobState: Int]
}
