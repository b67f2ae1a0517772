import SQLKit

/// Commits the transactions that arrive together as one SQLite transaction, each inside its own
/// savepoint. With `synchronous=FULL` every commit waits for the disk; sharing that wait is what
/// lets one file take many reports a second. A body that fails rolls back to its savepoint alone and
/// gets its error; the others commit. Nobody is told "stored" before the shared COMMIT returns.
actor GroupCommit {
    /// One caller's transaction, waiting for its turn.
    struct Pending {
        let run: @Sendable (any SQLDatabase) async throws -> any Sendable
        let finish: @Sendable (Result<any Sendable, any Error>) -> Void
    }

    private var queue: [Pending] = []
    private var draining = false
    private let database: any SQLDatabase
    private let gate: SerialGate
    /// The most bodies in one commit, so one transaction never grows without bound.
    private let batchLimit = 64

    init(database: any SQLDatabase, gate: SerialGate) {
        self.database = database
        self.gate = gate
    }

    func submit(_ pending: Pending) {
        queue.append(pending)
        if !draining {
            draining = true
            Task { await drain() }
        }
    }

    private func drain() async {
        while !queue.isEmpty {
            let batch = Array(queue.prefix(batchLimit))
            queue.removeFirst(batch.count)
            let results = await commit(batch)
            for (pending, result) in zip(batch, results) { pending.finish(result) }
        }
        draining = false
    }

    private func commit(_ batch: [Pending]) async -> [Result<any Sendable, any Error>] {
        await gate.enter()
        defer { Task { await gate.leave() } }
        do {
            try await database.raw("BEGIN IMMEDIATE").run()
        } catch {
            return batch.map { _ in .failure(error) }
        }
        var results: [Result<any Sendable, any Error>] = []
        for pending in batch {
            do {
                try await database.raw("SAVEPOINT body").run()
                let value = try await pending.run(database)
                try await database.raw("RELEASE body").run()
                results.append(.success(value))
            } catch {
                try? await database.raw("ROLLBACK TO body").run()
                try? await database.raw("RELEASE body").run()
                results.append(.failure(error))
            }
        }
        do {
            try await database.raw("COMMIT").run()
            return results
        } catch {
            try? await database.raw("ROLLBACK").run()
            return batch.map { _ in .failure(error) }
        }
    }
}
