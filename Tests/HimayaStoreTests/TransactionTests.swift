import Foundation
import HimayaStore
import HimayaTestSupport
import SQLKit
import Testing

@Suite("Transactions")
struct TransactionTests {
    struct Refused: Error {}

    @Test("concurrent transactions each keep all their writes or none, whatever the others do", arguments: TestEngine.available)
    func concurrentAllOrNothing(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database async throws in
            let source = database.store.source
            try await source.withConnection { db in try await db.raw("CREATE TABLE probe (n BIGINT NOT NULL, part BIGINT NOT NULL)").run() }
            let outcomes = await withTaskGroup(of: (Int, Bool).self) { group in
                for n in 0..<40 {
                    group.addTask {
                        do {
                            try await source.transaction { db in
                                try await db.raw("INSERT INTO probe (n, part) VALUES (\(bind: n), 1)").run()
                                if n % 3 == 0 { throw Refused() }
                                try await db.raw("INSERT INTO probe (n, part) VALUES (\(bind: n), 2)").run()
                            }
                            return (n, true)
                        } catch {
                            return (n, false)
                        }
                    }
                }
                return await group.reduce(into: [Int: Bool]()) { $0[$1.0] = $1.1 }
            }
            let rows = try await source.withConnection { db in try await db.raw("SELECT n, part FROM probe").all() }
            var parts: [Int: Int] = [:]
            for row in rows { parts[try row.decode(column: "n", as: Int.self), default: 0] += 1 }
            for n in 0..<40 {
                #expect(outcomes[n] == (n % 3 != 0))
                #expect(parts[n, default: 0] == (n % 3 == 0 ? 0 : 2), "transaction \(n)")
            }
        }
    }
}
