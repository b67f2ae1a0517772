import Foundation
import HimayaCore
import HimayaStore
import HimayaTestSupport
import Testing

@Suite("Partners named to see a defender's cases")
struct PartnerShareStoreTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    @Test("a partner is named only under consent to partner sharing, and withdrawing it forgets every partner named", arguments: TestEngine.available)
    func namedUnderConsent(engine: TestEngine) async throws {
        try await TestDatabase.with(engine, clock: .fixed(now)) { database async throws in
            let defender = Defender(displayName: "Rocío", country: "PE", languages: ["es"], activity: .journalist, riskTier: .high, enrolledAt: now)
            try await database.store.defenders.enrol(defender)
            let partner = Partner(name: "Línea", country: "PE", languages: ["es"], kind: .helpline, joinedAt: now)
            try await database.store.partners.add(partner)
            let consents = database.store.consents
            #expect(try await !consents.name(partner.id, toSee: defender.id, recordedBy: "defender", at: now))
            try await consents.grant(.partnerSharing, for: defender.id, recordedBy: "defender", at: now)
            #expect(try await consents.name(partner.id, toSee: defender.id, recordedBy: "defender", at: now))
            #expect(try await consents.name(partner.id, toSee: defender.id, recordedBy: "defender", at: now))
            #expect(try await consents.namedPartners(of: defender.id) == [partner.id])
            #expect(try await consents.defenders(sharingWith: partner.id) == [defender.id])
            try await consents.withdraw(.partnerSharing, for: defender.id, recordedBy: "defender", at: now)
            #expect(try await consents.defenders(sharingWith: partner.id).isEmpty)
            try await consents.grant(.partnerSharing, for: defender.id, recordedBy: "defender", at: now)
            #expect(try await consents.namedPartners(of: defender.id).isEmpty)
            #expect(try await consents.name(partner.id, toSee: defender.id, recordedBy: "defender", at: now))
            #expect(try await consents.unname(partner.id, for: defender.id, recordedBy: "defender"))
            #expect(try await !consents.unname(partner.id, for: defender.id, recordedBy: "defender"))
        }
    }
}
