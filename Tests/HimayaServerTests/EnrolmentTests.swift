import Foundation
import HimayaCore
import HimayaServer
import HimayaStore
import HimayaTestSupport
import Hummingbird
import HummingbirdTesting
import SQLKit
import Testing

@Suite("Enrolment by a responder or a vouching partner")
struct EnrolmentTests {
    func form(_ token: String, attest: Bool = true) -> [String: String] {
        var fields = ["csrf_token": token, "display_name": "Amina Diallo", "country": "sn", "language": "fr", "activity": "journalist", "risk_tier": "high"]
        if attest { fields["attest"] = "yes" }
        return fields
    }

    func defenders(_ app: TestApp) async throws -> [Defender.ID] {
        try await app.himaya.store.source.withConnection { db in
            try await db.raw("SELECT id FROM defenders").all().compactMap { Defender.ID(try $0.decode(column: "id", as: String.self)) }
        }
    }

    @Test("a responder enrols a defender with the consents they agreed to, recorded as given through the responder")
    func responder() async throws {
        try await TestApp.with { app, client in
            let totp = try await app.addStaff("lucia", role: .responder)
            var lucia = try await app.signIn("lucia", totp: totp, client: client)
            let token = try await lucia.formToken(client: client, path: "/console/defenders/new?lang=fr")
            var fields = form(token)
            fields["consent"] = "mention_detection"
            let response = try await lucia.post(client: client, path: "/console/defenders/new?lang=fr", form: fields)
            #expect(response.status == .ok)
            #expect(response.text.contains("La personne est inscrite"))
            let id = try #require(try await defenders(app).first)
            let defender = try #require(try await app.himaya.store.defenders.defender(id: id))
            #expect(defender.country == "SN" && defender.riskTier == .high && defender.languages == ["fr"])
            let records = try await app.himaya.store.consents.records(of: id)
            #expect(records.map(\.purpose) == [.mentionDetection])
            #expect(records.first?.recordedBy.hasPrefix("staff:") == true)
            #expect(try await app.auditCount("defender.enrolled") == 1)
            // Watched at once: the new defender's name is in the automaton.
            #expect(app.himaya.textLibrary.current.personByDefender[id] != nil)
        }
    }

    @Test("without the attestation nothing is enrolled, and the reason is given in the reader's language")
    func attestationRequired() async throws {
        try await TestApp.with { app, client in
            let totp = try await app.addStaff("lucia", role: .responder)
            var lucia = try await app.signIn("lucia", totp: totp, client: client)
            let token = try await lucia.formToken(client: client, path: "/console/defenders/new?lang=es")
            let response = try await lucia.post(client: client, path: "/console/defenders/new?lang=es", form: form(token, attest: false))
            #expect(response.status == .unprocessableContent)
            #expect(response.text.contains("Confirme que la persona"))
            #expect(try await defenders(app).isEmpty)
        }
    }

    @Test("a partner's member vouches for a defender; staff outside a partner and auditors cannot use the partner form or enrol")
    func partnerVouches() async throws {
        try await TestApp.with { app, client in
            let partner = Partner(name: "Réseau", country: "SN", languages: ["fr"], kind: .ngo, joinedAt: Date())
            try await app.himaya.store.partners.add(partner)
            let totp = try await app.addStaff("awa", role: .partnerMember, partner: partner.id)
            var awa = try await app.signIn("awa", totp: totp, client: client)
            let token = try await awa.formToken(client: client, path: "/staff/defenders/new?lang=fr")
            var fields = form(token)
            fields["consent"] = "alerts"
            #expect(try await awa.post(client: client, path: "/staff/defenders/new?lang=fr", form: fields).status == .ok)
            let id = try #require(try await defenders(app).first)
            #expect(try await app.himaya.store.consents.records(of: id).first?.recordedBy == "partner:\(partner.id)")

            let responderTOTP = try await app.addStaff("lucia", role: .responder)
            var lucia = try await app.signIn("lucia", totp: responderTOTP, client: client)
            #expect(try await lucia.get(client: client, path: "/staff/defenders/new").status == .forbidden)
            let auditorTOTP = try await app.addStaff("olu", role: .auditor)
            var olu = try await app.signIn("olu", totp: auditorTOTP, client: client)
            #expect(try await olu.get(client: client, path: "/console/defenders/new").status == .forbidden)
        }
    }
}
