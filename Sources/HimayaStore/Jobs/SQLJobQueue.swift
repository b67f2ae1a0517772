public import Foundation
public import HimayaCore
import SQLKit

/// The job table. Workers claim due jobs under a lease; a worker that dies leaves its lease to run out
/// and another worker claims the job again, so every job runs at least once. PostgreSQL claims with
/// `FOR UPDATE SKIP LOCKED`, so many workers never wait on each other; SQLite has one writer anyway.
public struct SQLJobQueue: JobQueue {
    private let source: any SQLConnectionSource

    public init(source: any SQLConnectionSource) { self.source = source }

    @discardableResult
    public func enqueue(_ job: Job) async throws -> Bool {
        try await source.withConnection { db in
            try await Self.enqueue(job, on: db, now: job.runAt)
        }
    }

    /// Enqueues inside a caller's transaction, so a decision and its webhook job commit together.
    static func enqueue(_ job: Job, on db: any SQLDatabase, now: Date) async throws -> Bool {
        let inserted = try await db.raw(
            """
            INSERT INTO jobs (id, kind, payload, idempotency_key, state, attempts, maximum_attempts, run_at, created_at)
            VALUES (\(bind: job.id.description), \(bind: job.kind), \(bind: job.payload.base64EncodedString()),
                    \(bind: job.idempotencyKey), \(bind: JobState.queued.rawValue), 0, \(bind: job.maximumAttempts),
                    \(bind: Timestamp.millis(job.runAt)), \(bind: Timestamp.millis(now)))
            ON CONFLICT (idempotency_key) DO NOTHING
            RETURNING id
            """
        ).all()
        return !inserted.isEmpty
    }

    public func claim(limit: Int, worker: String, now: Date, leaseUntil: Date) async throws -> [Job] {
        try await source.transaction { [engine = source.engine] db in
            let lock: SQLQueryString = engine == .postgres ? "FOR UPDATE SKIP LOCKED" : ""
            let nowMillis = Timestamp.millis(now)
            return try await db.raw(
                """
                UPDATE jobs SET state = 'running', attempts = attempts + 1,
                    lease_owner = \(bind: worker), lease_until = \(bind: Timestamp.millis(leaseUntil))
                WHERE id IN (
                    SELECT id FROM jobs
                    WHERE (state = 'queued' AND run_at <= \(bind: nowMillis))
                       OR (state = 'running' AND lease_until < \(bind: nowMillis))
                    ORDER BY run_at
                    LIMIT \(bind: limit)
                    \(lock)
                )
                RETURNING *
                """
            ).all().map(Self.job(from:))
        }
    }

    public func finish(_ job: Job, outcome: JobState.Outcome, now: Date, retryAt: Date) async throws {
        let next = JobState.running.after(outcome, attempts: job.attempts, maximumAttempts: job.maximumAttempts)
        let error: String? =
            switch outcome {
            case .succeeded: nil
            case .failed(let reason), .failedPermanently(let reason): String(reason.prefix(500))
            }
        let finishedAt: Int64? = next == .queued ? nil : Timestamp.millis(now)
        let runAt = next == .queued ? Timestamp.millis(retryAt) : Timestamp.millis(job.runAt)
        try await source.withConnection { db in
            try await db.raw(
                """
                UPDATE jobs SET state = \(bind: next.rawValue), last_error = \(bind: error), run_at = \(bind: runAt),
                    finished_at = \(bind: finishedAt), lease_owner = NULL, lease_until = NULL
                WHERE id = \(bind: job.id.description) AND state = 'running'
                """
            ).run()
        }
    }

    public func job(id: Job.ID) async throws -> Job? {
        try await source.withConnection { db in
            try await db.raw("SELECT * FROM jobs WHERE id = \(bind: id.description)").first().map(Self.job(from:))
        }
    }

    public func countsByState() async throws -> [JobState: Int] {
        try await source.withConnection { db in
            var counts: [JobState: Int] = [:]
            for row in try await db.raw("SELECT state, COUNT(*) AS count FROM jobs GROUP BY state").all() {
                if let state = JobState(rawValue: try row.decode(column: "state", as: String.self)) {
                    counts[state] = try row.decode(column: "count", as: Int.self)
                }
            }
            return counts
        }
    }

    private static func job(from row: any SQLRow) throws -> Job {
        Job(
            id: Job.ID(try row.decode(column: "id", as: String.self)) ?? Job.ID(),
            kind: try row.decode(column: "kind", as: String.self),
            payload: Data(base64Encoded: try row.decode(column: "payload", as: String.self)) ?? Data(),
            idempotencyKey: try row.decode(column: "idempotency_key", as: String.self),
            state: JobState(rawValue: try row.decode(column: "state", as: String.self)) ?? .dead,
            attempts: try row.decode(column: "attempts", as: Int.self),
            maximumAttempts: try row.decode(column: "maximum_attempts", as: Int.self),
            runAt: Timestamp.date(try row.decode(column: "run_at", as: Int64.self)),
            lastError: try row.decode(column: "last_error", as: String?.self))
    }
}
