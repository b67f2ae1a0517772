import Foundation
import HimayaCore
import HimayaStore
import HimayaTestSupport
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
}
