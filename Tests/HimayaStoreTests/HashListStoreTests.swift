import Foundation
import HimayaCore
import HimayaDetection
import HimayaStore
import HimayaTestSupport
import SQLKit
import Testing

@Suite("Hash list store")
struct HashListStoreTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    static let first = HashSignal(kind: .pdq, value: "2b9c22a4d7d2244ce402fcc9dbe8e643356ac12184af5d6c7f19aec7c422ce38")!
    static let second = HashSignal(kind: .pdq, value: "f01a16252f5906ed468061d06ec37ba206c87c19282f66e29514bd305d8f4bbd")!
    static let md5 = HashSignal(kind: .md5, value: "d41d8cd98f00b204e9800998ecf8427e")!

    func list(_ name: String = "threat imagery", category: HashList.Category = .knownThreatImagery, defender: Defender.ID? = nil) -> HashList {
        HashList(name: name, category: category, owner: "platform", action: .openCase, defenderID: defender, createdAt: now)
    }

    func defender(_ database: TestDatabase) async throws -> Defender {
        let defender = Defender(displayName: "Rocío", country: "PE", languages: ["es"], activity: .journalist, riskTier: .high, enrolledAt: now)
        try await database.store.defenders.enrol(defender)
        return defender
    }

    @Test("hashes added twice are stored once, and the count says how many were new", arguments: TestEngine.available)
    func addsOnce(engine: TestEngine) async throws {
        try await TestDatabase.with(engine, clock: .fixed(now)) { database async throws in
            let list = list()
            try await database.store.hashLists.create(list, by: "test")
            #expect(try await database.store.hashLists.add([Self.first, Self.md5, Self.first], to: list.id, by: "test", at: now) == 2)
            #expect(try await database.store.hashLists.add([Self.first, Self.second], to: list.id, by: "test", at: now) == 1)
            #expect(Set(try await database.store.hashLists.entries(of: list.id)) == [Self.first, Self.second, Self.md5])
            #expect(try await database.store.hashLists.lists().first?.entries == 3)
            #expect(try await database.store.audit.latest(limit: 1).first?.action == "hash_list.hashes_added")
        }
    }

    @Test("a thousand hashes go in batches in one transaction", arguments: TestEngine.available)
    func bulk(engine: TestEngine) async throws {
        try await TestDatabase.with(engine, clock: .fixed(now)) { database async throws in
            let list = list()
            try await database.store.hashLists.create(list, by: "test")
            var generator = SystemRandomNumberGenerator()
            let signals = (0..<1_234).map { _ in
                HashSignal(kind: .pdq, value: PDQHash(limbs: SIMD4(generator.next(), generator.next(), generator.next(), generator.next())).hex)!
            }
            #expect(try await database.store.hashLists.add(signals, to: list.id, by: "test", at: now) == 1_234)
            #expect(try await database.store.hashLists.allEntries().count == 1_234)
        }
    }

    @Test("a second list with the same name is refused", arguments: TestEngine.available)
    func uniqueName(engine: TestEngine) async throws {
        try await TestDatabase.with(engine, clock: .fixed(now)) { database async throws in
            try await database.store.hashLists.create(list(), by: "test")
            await #expect(throws: StoreError.self) { try await database.store.hashLists.create(list(), by: "test") }
        }
    }

    @Test("a defender's reference-photo hashes are sealed at rest and read back", arguments: TestEngine.available)
    func referenceSealed(engine: TestEngine) async throws {
        try await TestDatabase.with(engine, clock: .fixed(now)) { database async throws in
            let defender = try await defender(database)
            let list = list("reference", category: .defenderReferencePhotos, defender: defender.id)
            try await database.store.hashLists.create(list, by: "test")
            #expect(try await database.store.hashLists.add([Self.first], to: list.id, by: "test", at: now) == 1)
            #expect(try await database.store.hashLists.add([Self.first], to: list.id, by: "test", at: now) == 0)
            #expect(try await database.store.hashLists.entries(of: list.id) == [Self.first])
            #expect(try await database.store.hashLists.referenceList(of: defender.id)?.id == list.id)
            let stored = try await database.allStoredText()
            #expect(!stored.contains(Self.first.value))
        }
    }

    @Test("withdrawing consent to reference photos deletes their hashes in the same step", arguments: TestEngine.available)
    func withdrawalDeletes(engine: TestEngine) async throws {
        try await TestDatabase.with(engine, clock: .fixed(now)) { database async throws in
            let defender = try await defender(database)
            try await database.store.consents.grant(.referencePhotos, for: defender.id, recordedBy: "defender", at: now)
            #expect(try await database.store.consents.holds(.referencePhotos, for: defender.id))
            let list = list("reference", category: .defenderReferencePhotos, defender: defender.id)
            try await database.store.hashLists.create(list, by: "test")
            _ = try await database.store.hashLists.add([Self.first, Self.second], to: list.id, by: "test", at: now)
            let before = try await database.store.hashLists.changeMark()
            try await database.store.consents.withdraw(.referencePhotos, for: defender.id, recordedBy: "defender", at: now)
            #expect(!(try await database.store.consents.holds(.referencePhotos, for: defender.id)))
            #expect(try await database.store.hashLists.allEntries().isEmpty)
            #expect(try await database.store.hashLists.referenceList(of: defender.id) == nil)
            #expect(try await database.store.hashLists.changeMark() > before)
            #expect(try await database.store.consents.records(of: defender.id).first?.withdrawnAt == now)
        }
    }

    @Test("every change moves the change mark, so other processes reload", arguments: TestEngine.available)
    func changeMark(engine: TestEngine) async throws {
        try await TestDatabase.with(engine, clock: .fixed(now)) { database async throws in
            let store = database.store.hashLists
            var mark = try await store.changeMark()
            let list = list()
            try await store.create(list, by: "test")
            #expect(try await store.changeMark() > mark); mark = try await store.changeMark()
            _ = try await store.add([Self.first], to: list.id, by: "test", at: now)
            #expect(try await store.changeMark() > mark); mark = try await store.changeMark()
            #expect(try await store.remove(Self.first, from: list.id, by: "test"))
            #expect(!(try await store.remove(Self.first, from: list.id, by: "test")))
            #expect(try await store.changeMark() > mark); mark = try await store.changeMark()
            try await store.delete(list.id, by: "test")
            #expect(try await store.changeMark() > mark)
            #expect(try await store.lists().isEmpty)
        }
    }
}
