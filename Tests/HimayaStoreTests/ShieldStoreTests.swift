import Foundation
import HimayaCore
import HimayaStore
import HimayaTestSupport
import SQLKit
import Testing

@Suite("Shield store")
struct ShieldStoreTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func defender(_ database: TestDatabase, _ name: String = "Rocío Quispe") async throws -> Defender {
        let defender = Defender(displayName: name, country: "PE", languages: ["es"], activity: .journalist, riskTier: .high, enrolledAt: now)
        try await database.store.defenders.enrol(defender)
        return defender
    }

    func message(_ defender: Defender) throws -> (PlatformMessage, Data) {
        try PlatformMessage.outgoing(.accountsRestrict, subject: "defender:\(defender.id)", fields: ["operation": "block"], at: now)
    }

    @Test("a block list keeps each account once, matches it whatever its case, and keeps it sealed", arguments: TestEngine.available)
    func blockList(engine: TestEngine) async throws {
        try await TestDatabase.with(engine, clock: .fixed(now)) { database async throws in
            let rocio = try await defender(database)
            let ana = try await defender(database, "Ana Torres")
            let shield = database.store.shield
            try await shield.block(["@Troll_Uno", "@troll_dos"], for: rocio.id, source: .added, by: "defender", message: try message(rocio))
            try await shield.block(["@troll_uno"], for: rocio.id, source: .pileOn, by: "defender", message: nil)
            #expect(try await shield.blockList(of: rocio.id).map(\.account).sorted() == ["@Troll_Uno", "@troll_dos"])
            #expect(try await shield.isBlocked("@TROLL_UNO", by: rocio.id))
            #expect(try await !shield.isBlocked("@troll_uno", by: ana.id))
            #expect(!(try await database.allStoredText()).contains("troll"))
            let entry = try #require(try await shield.blockList(of: rocio.id).first)
            #expect(try await !shield.unblock(entry.id, for: ana.id, by: "defender"))
            #expect(try await shield.unblock(entry.id, for: rocio.id, by: "defender"))
            #expect(try await shield.blockList(of: rocio.id).count == 1)
        }
    }

    @Test("a held item is resolved once, only for its defender, with its author and words sealed", arguments: TestEngine.available)
    func heldItems(engine: TestEngine) async throws {
        try await TestDatabase.with(engine, clock: .fixed(now)) { database async throws in
            let rocio = try await defender(database)
            let ana = try await defender(database, "Ana Torres")
            let shield = database.store.shield
            let item = HeldItem(defenderID: rocio.id, contentID: "post-1", author: "@nuevo_123", kind: .reply, reasons: [.newAccount, .pileOn],
                                excerpt: "ya sabemos dónde trabajas", heldAt: now)
            try await shield.hold(item, message: try message(rocio))
            #expect(try await shield.held(of: rocio.id) == [item])
            #expect(!(try await database.allStoredText()).contains("sabemos"))
            #expect(!(try await database.allStoredText()).contains("@nuevo_123"))
            #expect(try await !shield.resolve(item.id, of: ana.id, to: .released, by: "x", messages: []))
            #expect(try await shield.resolve(item.id, of: rocio.id, to: .blocked, by: "defender", messages: []))
            #expect(try await !shield.resolve(item.id, of: rocio.id, to: .released, by: "defender", messages: []))
            #expect(try await shield.held(of: rocio.id).first?.state == .blocked)
        }
    }

    @Test("items dealt with are deleted 90 days after review; items still held stay", arguments: TestEngine.available)
    func heldRetention(engine: TestEngine) async throws {
        let clock = MovableClock(now)
        try await TestDatabase.with(engine, clock: clock.wall) { database async throws in
            let rocio = try await defender(database)
            let shield = database.store.shield
            let reviewed = HeldItem(defenderID: rocio.id, contentID: "old", author: "@a", kind: .reply, reasons: [.newAccount], excerpt: "x", heldAt: now)
            let waiting = HeldItem(defenderID: rocio.id, contentID: "waiting", author: "@b", kind: .reply, reasons: [.newAccount], excerpt: "y", heldAt: now)
            try await shield.hold(reviewed, message: try message(rocio))
            try await shield.hold(waiting, message: try message(rocio))
            #expect(try await shield.resolve(reviewed.id, of: rocio.id, to: .released, by: "defender", messages: []))
            clock.advance(by: HeldItem.keptAfterReview - 60)
            try await shield.hold(HeldItem(defenderID: rocio.id, contentID: "new", author: "@c", kind: .reply, reasons: [.pileOn], excerpt: "z", heldAt: clock.wall.now),
                              message: try message(rocio))
            #expect(try await shield.held(of: rocio.id).map(\.contentID).sorted() == ["new", "old", "waiting"])
            clock.advance(by: 120)
            try await shield.hold(HeldItem(defenderID: rocio.id, contentID: "newer", author: "@d", kind: .reply, reasons: [.pileOn], excerpt: "w", heldAt: clock.wall.now),
                              message: try message(rocio))
            #expect(try await shield.held(of: rocio.id).map(\.contentID).sorted() == ["new", "newer", "waiting"])
        }
    }

    @Test("alarms within the hour make one pile-on with each account once; a later alarm starts another, and taking part ends with its hour",
          arguments: TestEngine.available)
    func pileOns(engine: TestEngine) async throws {
        try await TestDatabase.with(engine, clock: .fixed(now)) { database async throws in
            let rocio = try await defender(database)
            let shield = database.store.shield
            let first = try await shield.recordPileOn(for: rocio.id, members: [("a", "@a"), ("b", "@b")], coordinated: false, at: now)
            let again = try await shield.recordPileOn(for: rocio.id, members: [("b", "@b"), ("c", "@c")], coordinated: true, at: now.addingTimeInterval(600))
            #expect(again.id == first.id)
            #expect(again.accountCount == 3)
            #expect(again.coordinated)
            #expect(try await shield.members(of: first.id, for: rocio.id).sorted() == ["@a", "@b", "@c"])
            #expect(try await shield.isInPileOn("c", against: rocio.id, at: now.addingTimeInterval(1_200)))
            #expect(try await !shield.isInPileOn("c", against: rocio.id, at: now.addingTimeInterval(600 + 3_700)))
            let later = try await shield.recordPileOn(for: rocio.id, members: [("d", "@d")], coordinated: false, at: now.addingTimeInterval(3 * 3_600))
            #expect(later.id != first.id)
            let listed = try await shield.pileOns(of: rocio.id)
            #expect(listed.map(\.id) == [later.id, first.id])
            #expect(listed.map(\.accountCount) == [1, 3])
            #expect(try await shield.act(on: first.id, for: rocio.id, action: .muted, by: "defender"))
            #expect(try await shield.pileOns(of: rocio.id).last?.action == .muted)
            #expect(!(try await database.allStoredText()).contains("@c"))
        }
    }

    @Test("mention events keep their author sealed, and each author comes back once", arguments: TestEngine.available)
    func mentionAuthors(engine: TestEngine) async throws {
        try await TestDatabase.with(engine, clock: .fixed(now)) { database async throws in
            let rocio = try await defender(database)
            let events = ["@uno", "@dos", "@uno"].enumerated().map { index, author in
                MentionEvent(defenderID: rocio.id, authorIndex: author == "@uno" ? "ix-1" : "ix-2", textFingerprint: UInt64(index), harmful: true,
                             seenAt: now.addingTimeInterval(Double(index)), author: author)
            }
            try await database.store.watchList.record(events)
            let authors = try await database.store.watchList.authors(of: rocio.id, since: now.addingTimeInterval(-60))
            #expect(authors.map(\.account).sorted() == ["@dos", "@uno"])
            #expect(!(try await database.allStoredText()).contains("@dos"))
        }
    }
}
