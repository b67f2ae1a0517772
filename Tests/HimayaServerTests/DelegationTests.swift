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

    func lock(_ client: some TestClientProtocol, _ browser: inout Browser, delegation: Delegation.ID) async throws -> TestResponse {
        let token = try await browser.formToken(client: client, path: "/staff")
        return try await browser.post(client: client, path: "/staff/delegations/\(delegation)/lockdown?lang=es", form: ["csrf_token": token, "confirm": "yes"])
    }

    @Test("a partner without a delegation cannot lock an account")
    func noDelegation() async throws {
        try await TestApp.with { app, client in
            var (defender, _, nadia) = try await setUp(app, client)
            #expect(try await lock(client, &nadia, delegation: Delegation.ID()).status == .forbidden)
            #expect(try await app.himaya.store.lockdowns.lockdowns(of: defender.id).isEmpty)
        }
    }

    @Test("with a delegation to lock down, the partner locks the account, and the defender sees the use")
    func withDelegation() async throws {
        try await TestApp.with { app, client in
            var (defender, partner, nadia) = try await setUp(app, client)
            let now = Date()
            let delegation = Delegation(defenderID: defender.id, partnerID: partner.id, rights: [.lockdown], grantedAt: now.addingTimeInterval(-60), expiresAt: now.addingTimeInterval(86_400))
            try await app.himaya.store.delegations.grant(delegation)
            #expect(try await nadia.get(client: client, path: "/staff/delegations?lang=es").text.contains("Rocío"))
            #expect(try await lock(client, &nadia, delegation: delegation.id).status == .seeOther)
            #expect(try await app.himaya.store.lockdowns.lockdowns(of: defender.id).first?.requestedBy == "partner:\(partner.id)")
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
}
