import Foundation
import HimayaCore
import HimayaStore
import HimayaTestSupport
import Logging
import Testing

@Suite("Job queue")
struct JobQueueTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func job(_ key: String, runAt: Date? = nil, maximumAttempts: Int = 3) -> Job {
        Job(kind: "test.echo", payload: Data("{}".utf8), idempotencyKey: key, maximumAttempts: maximumAttempts, runAt: runAt ?? now)
    }

    @Test("a job enqueued twice with the same idempotency key exists once", arguments: TestEngine.available)
    func idempotentEnqueue(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database async throws in
            #expect(try await database.store.jobs.enqueue(job("webhook:42")))
            #expect(try await !database.store.jobs.enqueue(job("webhook:42")))
            #expect(try await database.store.jobs.countsByState()[.queued] == 1)
        }
    }

    @Test("only jobs that are due are claimed", arguments: TestEngine.available)
    func onlyDueJobs(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database async throws in
            try await database.store.jobs.enqueue(job("due"))
            try await database.store.jobs.enqueue(job("later", runAt: now.addingTimeInterval(60)))
            let claimed = try await database.store.jobs.claim(limit: 10, worker: "w1", now: now, leaseUntil: now.addingTimeInterval(30))
            #expect(claimed.map(\.idempotencyKey) == ["due"])
            #expect(claimed.first?.attempts == 1)
        }
    }

    @Test("a claimed job is not claimed again while its lease runs", arguments: TestEngine.available)
    func leaseHolds(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database async throws in
            try await database.store.jobs.enqueue(job("one"))
            _ = try await database.store.jobs.claim(limit: 10, worker: "w1", now: now, leaseUntil: now.addingTimeInterval(30))
            let again = try await database.store.jobs.claim(limit: 10, worker: "w2", now: now.addingTimeInterval(10), leaseUntil: now.addingTimeInterval(40))
            #expect(again.isEmpty)
        }
    }

    @Test("a job whose worker died is claimed again once the lease runs out", arguments: TestEngine.available)
    func expiredLeaseIsReclaimed(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database async throws in
            try await database.store.jobs.enqueue(job("orphan"))
            _ = try await database.store.jobs.claim(limit: 10, worker: "w1", now: now, leaseUntil: now.addingTimeInterval(30))
            let reclaimed = try await database.store.jobs.claim(
                limit: 10, worker: "w2", now: now.addingTimeInterval(31), leaseUntil: now.addingTimeInterval(61))
            #expect(reclaimed.map(\.idempotencyKey) == ["orphan"])
            #expect(reclaimed.first?.attempts == 2)
        }
    }

    @Test("a failed attempt is retried at the time given, and given up after the last attempt", arguments: TestEngine.available)
    func retryThenDead(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database async throws in
            let jobs = database.store.jobs
            try await jobs.enqueue(job("flaky", maximumAttempts: 2))
            var claimed = try await jobs.claim(limit: 1, worker: "w", now: now, leaseUntil: now.addingTimeInterval(30))
            try await jobs.finish(claimed[0], outcome: .failed("503"), now: now, retryAt: now.addingTimeInterval(5))
            #expect(try await jobs.claim(limit: 1, worker: "w", now: now.addingTimeInterval(4), leaseUntil: now.addingTimeInterval(34)).isEmpty)
            claimed = try await jobs.claim(limit: 1, worker: "w", now: now.addingTimeInterval(5), leaseUntil: now.addingTimeInterval(35))
            #expect(claimed.first?.attempts == 2)
            try await jobs.finish(claimed[0], outcome: .failed("503"), now: now.addingTimeInterval(6), retryAt: now.addingTimeInterval(20))
            let stored = try await jobs.job(id: claimed[0].id)
            #expect(stored?.state == .dead)
            #expect(stored?.lastError == "503")
        }
    }

    @Test("two workers claiming at once never get the same job", arguments: TestEngine.available)
    func concurrentClaimsAreDisjoint(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database async throws in
            for index in 0..<30 { try await database.store.jobs.enqueue(job("job-\(index)")) }
            let batches = try await withThrowingTaskGroup(of: [Job].self) { group in
                for worker in 0..<4 {
                    group.addTask {
                        try await database.store.jobs.claim(
                            limit: 10, worker: "w\(worker)", now: now, leaseUntil: now.addingTimeInterval(30))
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let ids = batches.flatMap { $0.map(\.id) }
            #expect(Set(ids).count == ids.count)
            #expect(ids.count == 30)
        }
    }

    @Test("the worker runs each job's handler and records the outcome", arguments: TestEngine.available)
    func workerRunsHandlers(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database async throws in
            let seen = SeenKeys()
            let worker = JobWorker(
                queue: database.store.jobs,
                handlers: ["test.echo": { job in
                    await seen.add(job.idempotencyKey)
                    return .succeeded
                }],
                logger: TestDatabase.logger)
            let known = job("known")
            let unknown = Job(kind: "nobody.handles", payload: Data(), idempotencyKey: "unknown", maximumAttempts: 3, runAt: now)
            try await database.store.jobs.enqueue(known)
            try await database.store.jobs.enqueue(unknown)
            #expect(try await worker.runOnce(now: now) == 2)
            #expect(await seen.keys == ["known"])
            #expect(try await database.store.jobs.job(id: known.id)?.state == .succeeded)
            #expect(try await database.store.jobs.job(id: unknown.id)?.state == .dead)
        }
    }
}

actor SeenKeys {
    var keys: [String] = []
    func add(_ key: String) { keys.append(key) }
}
