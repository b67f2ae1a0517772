import Foundation
import HimayaCore
import HimayaStore
import HimayaTestSupport
import SQLKit
import Testing

@Suite("Master key rotation")
struct KeyRotationTests {
    @Test("after re-wrapping, every sealed value opens with the new key alone", arguments: TestEngine.available)
    func rewrap(engine: TestEngine) async throws {
        let oldKey = MasterKey(base64: MasterKey.generateBase64())!
        let newKey = MasterKey(base64: MasterKey.generateBase64())!
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let defender = Defender(displayName: "Awa Diallo", country: "SN", languages: ["fr"], activity: .womensRights, riskTier: .high, enrolledAt: now)
        let staff = StaffAccount(username: "jean", displayName: "Jean", role: .responder, languages: ["fr"], regions: ["SN"], createdAt: now)
        try await TestDatabase.with(engine, sealer: Sealer(current: oldKey)) { database async throws in
            try await database.store.defenders.enrol(defender)
            try await database.store.staff.add(staff, credentials: StaffCredentials(passwordHash: "h", totpSecret: "SECRET"))

            let rotating = Sealer(current: newKey, previous: [oldKey])
            #expect(try await KeyRotation(source: database.store.source, sealer: rotating).rewrapAll() == 3)
            #expect(try await KeyRotation(source: database.store.source, sealer: rotating).rewrapAll() == 0)

            let newOnly = try await Store.attach(database.store.source, sealer: Sealer(current: newKey))
            #expect(try await newOnly.defenders.defender(id: defender.id)?.displayName == "Awa Diallo")
            #expect(try await newOnly.staff.account(username: "jean")?.1.totpSecret == "SECRET")
        }
    }

    @Test("every sealed column of the schema is listed for rotation", arguments: [TestEngine.sqlite])
    func everySealedColumnListed(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database async throws in
            let listed = Set(SealedColumns.all.map { "\($0.table).\($0.column)" })
            let sealed = try await database.store.source.withConnection { db in
                try await db.raw(
                    """
                    SELECT m.name AS t, p.name AS c FROM sqlite_master m JOIN pragma_table_info(m.name) p
                    WHERE m.type = 'table' AND (p.name = 'sealed' OR p.name LIKE '%\\_sealed' ESCAPE '\\')
                    """
                ).all().map { "\(try $0.decode(column: "t", as: String.self)).\(try $0.decode(column: "c", as: String.self))" }
            }
            #expect(!sealed.isEmpty)
            #expect(sealed.filter { !listed.contains($0) }.sorted() == [])
        }
    }

    @Test("the shield's sealed values and the authors kept for pile-ons are re-wrapped too", arguments: TestEngine.available)
    func rewrapShield(engine: TestEngine) async throws {
        let oldKey = MasterKey(base64: MasterKey.generateBase64())!
        let newKey = MasterKey(base64: MasterKey.generateBase64())!
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let defender = Defender(displayName: "Awa Diallo", country: "SN", languages: ["fr"], activity: .womensRights, riskTier: .high, enrolledAt: now)
        try await TestDatabase.with(engine, clock: .fixed(now), sealer: Sealer(current: oldKey)) { database async throws in
            let store = database.store
            try await store.defenders.enrol(defender)
            func message() throws -> (PlatformMessage, Data) {
                try PlatformMessage.outgoing(.accountsRestrict, subject: "defender:\(defender.id)", fields: [:], at: now)
            }
            try await store.shield.block(["@troll"], for: defender.id, source: .added, by: "defender", message: try message())
            let item = HeldItem(defenderID: defender.id, contentID: "p-1", author: "@nouveau", kind: .reply, reasons: [.newAccount], excerpt: "on sait", heldAt: now)
            try await store.shield.hold(item, message: try message())
            try await store.watchList.record([
                MentionEvent(defenderID: defender.id, authorIndex: "ix-1", textFingerprint: 1, harmful: true, seenAt: now, author: "@meute"),
                MentionEvent(defenderID: defender.id, authorIndex: "ix-1", textFingerprint: 2, harmful: true, seenAt: now, author: "@meute"),
            ])
            let pileOn = try await store.shield.recordPileOn(for: defender.id, members: [("ix-1", "@meute")], coordinated: false, at: now)

            _ = try await KeyRotation(source: store.source, sealer: Sealer(current: newKey, previous: [oldKey])).rewrapAll()

            let newOnly = try await Store.attach(store.source, sealer: Sealer(current: newKey), clock: .fixed(now))
            #expect(try await newOnly.shield.blockList(of: defender.id).map(\.account) == ["@troll"])
            #expect(try await newOnly.shield.held(of: defender.id).map(\.excerpt) == ["on sait"])
            #expect(try await newOnly.watchList.authors(of: defender.id, since: now.addingTimeInterval(-60)).map(\.account) == ["@meute"])
            #expect(try await newOnly.shield.members(of: pileOn.id, for: defender.id) == ["@meute"])
        }
    }
}
