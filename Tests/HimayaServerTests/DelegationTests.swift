import Foundation
import HimayaCore
import HimayaServer
import HimayaStore
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Delegation to trusted partners")
struct DelegationTests {
    func setUp(_ app: TestApp, _ client: some TestClientProtocol) async throws -> (Defender, Partner, Browser) {
        let partner = Partner(name: "Helpline", country: "PE", languages: ["es"], kind: .helpline, joinedAt: Date())
        try await app.himaya.store.partners.add(partner)
        let defender = Defender(displayName: "Rocío", country: "PE", languages: ["es"], activity: .journalist, riskTier: .high, enrolledAt: Date())
        try await app.himaya.store.defenders.enrol(defender)
        let totp = try await app.addStaff("nadia", role: .partnerMember, partner: partner.id)
        return (defender, partner, try await app.signIn("nadia", totp: totp, client: client))
    }

    func lock(_ client: some TestClientProtocol, _ browser: inout Browser, delegation: Delegation.ID, alert: Bool = false) async throws -> TestResponse {
        let token = try await browser.formToken(client: client, path: "/staff")
        var form = ["csrf_token": token, "confirm": "yes"]
        if alert { form["alert_responders"] = "yes" }
        return try await browser.post(client: client, path: "/staff/delegations/\(delegation)/lockdown?lang=es", form: form)
    }

    @Test("a partner without a delegation cannot lock an account")
    func noDelegation() async throws {
        try await TestApp.with { app, client in
            var (defender, _, nadia) = try await setUp(app, client)
            #expect(try await lock(client, &nadia, delegation: Delegation.ID()).status == .forbidden)
            #expect(try await app.himaya.store.lockdowns.lockdowns(of: defender.id).isEmpty)
        }
    }

    @Test("with a delegation to lock down, the partner locks the account and can alert the responders, and the defender sees the use")
    func withDelegation() async throws {
        try await TestApp.with { app, client in
            var (defender, partner, nadia) = try await setUp(app, client)
            let now = Date()
            let delegation = Delegation(defenderID: defender.id, partnerID: partner.id, rights: [.lockdown], grantedAt: now.addingTimeInterval(-60), expiresAt: now.addingTimeInterval(86_400))
            try await app.himaya.store.delegations.grant(delegation)
            #expect(try await nadia.get(client: client, path: "/staff/delegations?lang=es").text.contains("Rocío"))
            #expect(try await lock(client, &nadia, delegation: delegation.id, alert: true).status == .seeOther)
            let lockdown = try #require(try await app.himaya.store.lockdowns.lockdowns(of: defender.id).first)
            #expect(lockdown.requestedBy == "partner:\(partner.id)")
            // Asked with the responders' help: they hear of it as a case filed under the partner's name.
            #expect(lockdown.alertResponders)
            #expect(try await app.auditCount("report.filed") == 1)
            #expect(try await app.himaya.store.delegations.uses(of: defender.id).contains { $0.action == "delegation.used" && $0.detail["right"] == "lockdown" })
        }
    }

    @Test("an expired, revoked or narrower delegation stops working")
    func expiredOrRevoked() async throws {
        try await TestApp.with { app, client in
            var (defender, partner, nadia) = try await setUp(app, client)
            let now = Date()
            let expired = Delegation(defenderID: defender.id, partnerID: partner.id, rights: [.lockdown], grantedAt: now.addingTimeInterval(-86_400 * 8), expiresAt: now.addingTimeInterval(-60))
            let revoked = Delegation(defenderID: defender.id, partnerID: partner.id, rights: [.lockdown], grantedAt: now.addingTimeInterval(-60), expiresAt: now.addingTimeInterval(86_400))
            let alertsOnly = Delegation(defenderID: defender.id, partnerID: partner.id, rights: [.seeAlerts], grantedAt: now.addingTimeInterval(-60), expiresAt: now.addingTimeInterval(86_400))
            for delegation in [expired, revoked, alertsOnly] { try await app.himaya.store.delegations.grant(delegation) }
            try await app.himaya.store.delegations.revoke(revoked.id, by: defender.id, at: now)
            for delegation in [expired, revoked, alertsOnly] {
                #expect(try await lock(client, &nadia, delegation: delegation.id).status == .forbidden)
            }
            #expect(try await app.himaya.store.lockdowns.lockdowns(of: defender.id).isEmpty)
        }
    }

    @Test("a delegation is limited in time and to its rights")
    func rules() {
        let now = Date()
        let delegation = Delegation(defenderID: .init(), partnerID: .init(), rights: [.lockdown], grantedAt: now, expiresAt: now.addingTimeInterval(3600))
        #expect(delegation.allows(.lockdown, at: now.addingTimeInterval(10)))
        #expect(!delegation.allows(.seeAlerts, at: now.addingTimeInterval(10)))
        #expect(!delegation.allows(.lockdown, at: now.addingTimeInterval(3600)))
        var revoked = delegation
        revoked.revokedAt = now
        #expect(!revoked.allows(.lockdown, at: now.addingTimeInterval(10)))
    }

    func grant(_ app: TestApp, _ defender: Defender, _ partner: Partner, _ rights: Set<Delegation.Right>) async throws -> Delegation {
        let now = Date()
        let delegation = Delegation(defenderID: defender.id, partnerID: partner.id, rights: rights, grantedAt: now.addingTimeInterval(-60), expiresAt: now.addingTimeInterval(86_400))
        try await app.himaya.store.delegations.grant(delegation)
        return delegation
    }

    @Test("a partner allowed to see alerts sees each one summary first and its words only on request, and the defender sees every look")
    func seesAlerts() async throws {
        try await TestApp.with { app, client in
            var (defender, partner, nadia) = try await setUp(app, client)
            let delegation = try await grant(app, defender, partner, [.seeAlerts])
            let (message, body) = try PlatformMessage.outgoing(
                .alertCreated, subject: "defender:\(defender.id)",
                payload: ["summary": "Amenaza detectada", "contentId": "post-77", "excerpt": "sé dónde vives"], at: Date())
            try await app.himaya.store.outbox.queue(message, payload: body)
            #expect(try await nadia.get(client: client, path: "/staff/delegations?lang=es").text.contains("/staff/delegations/\(delegation.id)/alerts"))
            let list = try await nadia.get(client: client, path: "/staff/delegations/\(delegation.id)/alerts?lang=es")
            #expect(list.status == .ok)
            #expect(list.text.contains("Amenaza detectada"))
            #expect(!list.text.contains("sé dónde vives"))
            let shown = try await nadia.get(client: client, path: "/staff/delegations/\(delegation.id)/alerts?lang=es&show=\(message.id)")
            #expect(shown.text.contains("sé dónde vives"))
            #expect(try await app.himaya.store.delegations.uses(of: defender.id).filter { $0.detail["right"] == "see_alerts" }.count == 2)
        }
    }

    @Test("a partner allowed only to lock down can neither see alerts nor report for the defender")
    func rightsAreSeparate() async throws {
        try await TestApp.with { app, client in
            var (defender, partner, nadia) = try await setUp(app, client)
            let delegation = try await grant(app, defender, partner, [.lockdown])
            #expect(try await nadia.get(client: client, path: "/staff/delegations/\(delegation.id)/alerts?lang=es").status == .forbidden)
            #expect(try await nadia.get(client: client, path: "/staff/delegations/\(delegation.id)/report?lang=es").status == .forbidden)
            let token = try await nadia.formToken(client: client, path: "/staff")
            let posted = try await nadia.post(
                client: client, path: "/staff/delegations/\(delegation.id)/report?lang=es",
                form: ["csrf_token": token, "category": "threat_of_violence", "narrative": "Amenazas"])
            #expect(posted.status == .forbidden)
            #expect(try await app.himaya.store.defenders.incidents(of: defender.id).isEmpty)
        }
    }

    @Test("a partner allowed to report files for the defender about their linked account; a report with nothing in it is refused in Spanish and stores nothing")
    func reportsForDefender() async throws {
        try await TestApp.with { app, client in
            var (defender, partner, nadia) = try await setUp(app, client)
            try await app.himaya.store.defenders.link(account: "@rocio.pe", to: defender.id)
            let delegation = try await grant(app, defender, partner, [.reporting])
            #expect(try await nadia.get(client: client, path: "/staff/delegations/\(delegation.id)/report?lang=es").status == .ok)
            let token = try await nadia.formToken(client: client, path: "/staff/delegations/\(delegation.id)/report?lang=es")
            let empty = try await nadia.post(
                client: client, path: "/staff/delegations/\(delegation.id)/report?lang=es", form: ["csrf_token": token, "category": "threat_of_violence"])
            #expect(empty.status == .unprocessableContent)
            #expect(empty.text.contains("Cuéntenos qué pasó"))
            #expect(try await app.himaya.store.defenders.incidents(of: defender.id).isEmpty)

            let filed = try await nadia.post(
                client: client, path: "/staff/delegations/\(delegation.id)/report?lang=es",
                form: ["csrf_token": token, "category": "threat_of_violence", "immediate_danger": "yes",
                       "narrative": "Le escriben que saben dónde vive.", "content_references": "https://platform.example/p/9"])
            #expect(filed.status == .ok)
            #expect(filed.text.contains("receipt-code"))
            let incidents = try await app.himaya.store.defenders.incidents(of: defender.id)
            #expect(incidents.count == 1)
            #expect(incidents.first?.links == ["https://platform.example/p/9"])
            #expect(try await app.himaya.store.delegations.uses(of: defender.id).contains { $0.detail["right"] == "reporting" })
        }
    }
}
