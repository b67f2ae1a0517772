public import Foundation
public import HimayaCore
public import Logging
public import ServiceLifecycle

/// Runs the job handler for one kind of job, such as delivering a webhook.
public typealias JobHandler = @Sendable (Job) async -> JobState.Outcome

/// A loop that claims due jobs and runs their handlers until the service group shuts down.
/// `himaya serve` runs one in process; `himaya worker` runs them alone, any number beside each other.
public struct JobWorker: Service {
    private let queue: any JobQueue
    private let handlers: [String: JobHandler]
    private let retry: RetryPolicy
    private let name: String
    private let pollInterval: Duration
    private let lease: TimeInterval
    private let logger: Logger

    public init(
        queue: any JobQueue, handlers: [String: JobHandler], retry: RetryPolicy = RetryPolicy(),
        name: String = "worker-\(UUID().uuidString.prefix(8).lowercased())", pollInterval: Duration = .milliseconds(500),
        lease: TimeInterval = 300, logger: Logger
    ) {
        self.queue = queue
        self.handlers = handlers
        self.retry = retry
        self.name = name
        self.pollInterval = pollInterval
        self.lease = lease
        self.logger = logger
    }

    public func run() async throws {
        logger.info("job worker started", metadata: ["worker": "\(name)"])
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            let ran = (try? await runOnce()) ?? 0
            if ran == 0 {
                try? await Task.sleep(for: pollInterval)
            }
        }
        logger.info("job worker stopped", metadata: ["worker": "\(name)"])
    }

    /// Claims and runs one batch of due jobs; returns how many ran. Tests call this directly.
    @discardableResult
    public func runOnce(now: Date = Date()) async throws -> Int {
        let jobs = try await queue.claim(limit: 10, worker: name, now: now, leaseUntil: now.addingTimeInterval(lease))
        for job in jobs {
            let outcome: JobState.Outcome
            if let handler = handlers[job.kind] {
                outcome = await handler(job)
            } else {
                outcome = .failedPermanently("no handler for job kind \(job.kind)")
            }
            let finishedAt = Date()
            let retryAt = finishedAt.addingTimeInterval(retry.delay(afterAttempt: job.attempts, unit: Double.random(in: 0..<1)))
            try await queue.finish(job, outcome: outcome, now: finishedAt, retryAt: retryAt)
            logger.info(
                "job attempt finished",
                metadata: ["job": "\(job.id)", "kind": "\(job.kind)", "attempt": "\(job.attempts)", "outcome": "\(Self.label(outcome))"])
        }
        return jobs.count
    }

    private static func label(_ outcome: JobState.Outcome) -> String {
        switch outcome {
        case .succeeded: "succeeded"
        case .failed: "failed"
        case .failedPermanently: "failed permanently"
        }
    }
}
