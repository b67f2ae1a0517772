import Foundation
import HimayaCore
import HimayaStore
import HimayaTestSupport
import SQLKit
import Testing

@Suite("Audit trail")
struct AuditTrailTests {
    @Test("appended entries form an intact chain", arguments: TestEngine.available)
    func chainIsIntact(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database async throws in
            for index in 1...25 {
                try await database.store.audit.append(
                    AuditEntry(actor: "staff:\(index)", action: "evidence.opened", subject: "case:\(index)", detail: ["n": "\(index)"]))
            }
            #expect(try await database.store.audit.verify() == .intact(entries: 25))
        }
    }

    @Test("each entry links to the hash of the one before", arguments: TestEngine.available)
    func entriesLink(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database async throws in
            let first = try await database.store.audit.append(AuditEntry(actor: "system", action: "a"))
            let second = try await database.store.audit.append(AuditEntry(actor: "system", action: "b"))
            #expect(first.previousHash == "")
            #expect(second.previousHash == first.hash)
            #expect(second.sequence == first.sequence + 1)
        }
    }

    @Test("the database refuses to change or delete an entry", arguments: TestEngine.available)
    func appendOnly(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database async throws in
            try await database.store.audit.append(AuditEntry(actor: "system", action: "a"))
            await #expect(throws: (any Error).self) {
                try await database.store.source.withConnection { db in
                    try await db.raw("UPDATE audit_events SET action = 'forged'").run()
                }
            }
            await #expect(throws: (any Error).self) {
                try await database.store.source.withConnection { db in
                    try await db.raw("DELETE FROM audit_events").run()
                }
            }
            #expect(try await database.store.audit.verify() == .intact(entries: 1))
        }
    }

    @Test("an entry changed behind the log's back is found by verification", arguments: TestEngine.available)
    func tamperingIsFound(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database async throws in
            for action in ["a", "b", "c"] {
                try await database.store.audit.append(AuditEntry(actor: "system", action: action))
            }
            // Someone with full database access drops the guard and rewrites history.
            try await database.store.source.withConnection { db in
                switch engine {
                case .sqlite: try await db.raw("DROP TRIGGER audit_events_no_update").run()
                case .postgres: try await db.raw("DROP TRIGGER audit_events_no_change ON audit_events").run()
                }
                try await db.raw("UPDATE audit_events SET actor = 'staff:intruder' WHERE sequence = 2").run()
            }
            let verdict = try await database.store.audit.verify()
            #expect(verdict == .broken(sequence: 2, reason: "its content does not match its hash"))
        }
    }

    @Test("appends from many tasks at once keep one unbroken chain", arguments: TestEngine.available)
    func concurrentAppends(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database async throws in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<40 {
                    group.addTask {
                        try await database.store.audit.append(AuditEntry(actor: "system", action: "task.\(index)"))
                    }
                }
                try await group.waitForAll()
            }
            #expect(try await database.store.audit.verify() == .intact(entries: 40))
        }
    }
}
