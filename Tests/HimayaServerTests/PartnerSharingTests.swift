import Foundation
import HimayaCore
import HimayaServer
import HimayaStore
import HimayaTestSupport
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Sharing a defender's cases with partners they name")
struct PartnerSharingTests {
    let links = SignInLinkTests()

    struct Setting {
        var defender: Defender
        var helpline: Partner
        var other: Partner
    }

    /// A defender with a case about their account, consenting to partner sharing, and two partners.
    func setUp(_ app: TestApp) async throws -> Setting {
        let defender = Defender(displayName: "Rocío Quispe", country: "PE", languages: ["es"], activity: .journalist, riskTier: .high, enrolledAt: Date())
        try await app.himaya.store.defenders.enrol(defender)
        try await app.himaya.store.defenders.link(account: "@rocio", to: defender.id)
        try await app.himaya.recordConsent(.partnerSharing, granted: true, for: defender.id, by: "defender")
        let helpline = Partner(name: "Línea de ayuda", country: "PE", languages: ["es"], kind: .helpline, joinedAt: Date())
        let other = Partner(name: "Otra organización", country: "PE", languages: ["es"], kind: .helpline, joinedAt: Date())
        try await app.himaya.store.partners.add(helpline)
        try await app.himaya.store.partners.add(other)
        _ = try await CaseOpening(himaya: app.himaya).file(
            contentID: "https://platform.example/p/41", category: .doxxing, reasons: ["test"], defenderID: defender.id, targetAccount: "@rocio",
            language: "es", threateningText: false)
        return Setting(defender: defender, helpline: helpline, other: other)
    }

    func member(_ app: TestApp, _ client: some TestClientProtocol, _ name: String, of partner: Partner) async throws -> Browser {
        let totp = try await app.addStaff(name, role: .partnerMember, partner: partner.id)
        return try await app.signIn(name, totp: totp, client: client)
    }

    @Test("a partner the defender names reads their cases, each look shown to the defender; another partner sees nothing")
    func namedPartnerReads() async throws {
        try await TestApp.with { app, client in
            let setting = try await setUp(app)
            var rocio = try await links.linkSession(app, client, for: setting.defender)
            let token = try await rocio.formToken(client: client, path: "/me?lang=es")
            #expect(try await rocio.post(client: client, path: "/me/shares?lang=es", form: ["csrf_token": token, "partner": setting.helpline.id.description]).status == .seeOther)

            var nadia = try await member(app, client, "nadia", of: setting.helpline)
            #expect(try await nadia.get(client: client, path: "/staff/shared?lang=es").text.contains("/staff/shared/\(setting.defender.id)"))
            let cases = try await nadia.get(client: client, path: "/staff/shared/\(setting.defender.id)?lang=es")
            #expect(cases.status == .ok)
            #expect(cases.text.contains("Rocío Quispe"))
            #expect(cases.text.contains("https://platform.example/p/41"))
            #expect(try await rocio.get(client: client, path: "/me?lang=es").text.contains("Línea de ayuda consultó sus casos"))

            var omar = try await member(app, client, "omar", of: setting.other)
            #expect(try await !omar.get(client: client, path: "/staff/shared?lang=es").text.contains(setting.defender.id.description))
            #expect(try await omar.get(client: client, path: "/staff/shared/\(setting.defender.id)?lang=es").status == .notFound)
        }
    }

    @Test("forgetting the partner, or withdrawing consent to sharing, ends the partner's access at once")
    func accessEnds() async throws {
        try await TestApp.with { app, client in
            let setting = try await setUp(app)
            let consents = app.himaya.store.consents
            #expect(try await consents.name(setting.helpline.id, toSee: setting.defender.id, recordedBy: "defender", at: Date()))
            var nadia = try await member(app, client, "nadia", of: setting.helpline)
            let path = "/staff/shared/\(setting.defender.id)?lang=es"
            #expect(try await nadia.get(client: client, path: path).status == .ok)
            var rocio = try await links.linkSession(app, client, for: setting.defender)
            let token = try await rocio.formToken(client: client, path: "/me?lang=es")
            _ = try await rocio.post(client: client, path: "/me/shares/\(setting.helpline.id)/remove?lang=es", form: ["csrf_token": token])
            #expect(try await nadia.get(client: client, path: path).status == .notFound)

            #expect(try await consents.name(setting.helpline.id, toSee: setting.defender.id, recordedBy: "defender", at: Date()))
            #expect(try await nadia.get(client: client, path: path).status == .ok)
            _ = try await rocio.post(client: client, path: "/me/consents?lang=es", form: ["csrf_token": token, "purpose": "partner_sharing", "granted": "no"])
            #expect(try await nadia.get(client: client, path: path).status == .notFound)
            // Granting the consent again does not bring back the partner it forgot.
            try await app.himaya.recordConsent(.partnerSharing, granted: true, for: setting.defender.id, by: "defender")
            #expect(try await consents.namedPartners(of: setting.defender.id).isEmpty)
        }
    }

    @Test("without consent to sharing no partner can be named, and the space says why")
    func needsConsent() async throws {
        try await TestApp.with { app, client in
            let setting = try await setUp(app)
            try await app.himaya.recordConsent(.partnerSharing, granted: false, for: setting.defender.id, by: "defender")
            var rocio = try await links.linkSession(app, client, for: setting.defender)
            let token = try await rocio.formToken(client: client, path: "/me?lang=es")
            let refused = try await rocio.post(client: client, path: "/me/shares?lang=es", form: ["csrf_token": token, "partner": setting.helpline.id.description])
            #expect(refused.headers[.location]?.contains("sharing_invalid") == true)
            #expect(try await app.himaya.store.consents.namedPartners(of: setting.defender.id).isEmpty)
            #expect(try await rocio.get(client: client, path: "/me?lang=es&done=sharing_invalid").text.contains("Elija una organización de la lista"))
        }
    }

    @Test("a vouching partner who records the defender's consent to sharing is the partner named")
    func vouchingPartnerIsNamed() async throws {
        try await TestApp.with { app, client in
            let helpline = Partner(name: "Línea de ayuda", country: "PE", languages: ["es"], kind: .helpline, joinedAt: Date())
            try await app.himaya.store.partners.add(helpline)
            var nadia = try await member(app, client, "nadia", of: helpline)
            let token = try await nadia.formToken(client: client, path: "/staff/defenders/new?lang=es")
            let body = ["csrf_token": token, "display_name": "Amina Diallo", "country": "sn", "language": "fr", "activity": "journalist", "attest": "yes"]
                .map { "\(Browser.encode($0.key))=\(Browser.encode($0.value))" }.joined(separator: "&") + "&consent=partner_sharing&consent=alerts"
            let response = try await client.execute(
                uri: "/staff/defenders/new?lang=es", method: .post,
                headers: [.contentType: "application/x-www-form-urlencoded", .cookie: nadia.cookieHeader], body: ByteBuffer(string: body))
            #expect(response.status == .ok)
            let shared = try await app.himaya.store.consents.defenders(sharingWith: helpline.id)
            #expect(shared.count == 1)
            #expect(try await nadia.get(client: client, path: "/staff/shared?lang=es").text.contains("Amina Diallo"))
        }
    }
}
