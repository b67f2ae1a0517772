import Foundation
import HimayaCore
import HimayaServer
import HimayaStore
import HimayaTestSupport
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Shield mode for defenders")
struct ShieldModeTests {
    let text = TextScanTests()
    let links = SignInLinkTests()

    /// The platform messages of one kind about the defender, as JSON objects.
    func messages(_ app: TestApp, _ defender: Defender, _ kind: PlatformMessage.Kind) async throws -> [[String: Any]] {
        try await app.himaya.store.outbox.messagesWithPayloads(about: "defender:\(defender.id)").filter { $0.0.kind == kind }.map {
            try JSONSerialization.jsonObject(with: $0.1) as? [String: Any] ?? [:]
        }
    }

    func reply(_ id: String, from author: String, text: String = "hola", createdDaysAgo: Double? = nil) -> String {
        let created = createdDaysAgo.map { #", "authorCreatedAt": "\#(ISO8601DateFormatter().string(from: Date().addingTimeInterval(-$0 * 86_400)))""# } ?? ""
        return #"{"id": "\#(id)", "authorId": "\#(author)", "text": "\#(text)", "languageHint": "es", "kind": "reply", "mentions": ["acct-rocio"]\#(created)}"#
    }

    func turnOn(_ client: some TestClientProtocol, _ browser: inout Browser, base: String = "/me/shield", days: String = "30") async throws -> TestResponse {
        let token = try await browser.formToken(client: client, path: "\(base)?lang=es")
        return try await browser.post(
            client: client, path: "\(base)?lang=es",
            form: ["csrf_token": token, "state": "on", "new_account_days": days, "hold_pile_on": "yes", "hold_block_list": "yes"])
    }

    @Test("with the shield on, a reply from a new account is held out of sight: the scan says so, the platform is told, and the words show only on request")
    func holdsNewAccounts() async throws {
        try await TestApp.with { app, client in
            let key = try await text.scanning.platformKey(app)
            let defender = try await text.enrolDefender(app)
            var browser = try await links.linkSession(app, client, for: defender)
            #expect(try await turnOn(client, &browser).status == .seeOther)
            let changed = try await messages(app, defender, .shieldChanged)
            #expect(changed.count == 1)
            #expect(changed.first?["state"] as? String == "on")

            let items = try await text.scan(
                client, key: key, items: reply("r-1", from: "nuevo-1", text: "ya verás lo que te pasa", createdDaysAgo: 2) + ", " + reply("r-2", from: "vieja", createdDaysAgo: 900))
            let held = try #require(items[0]["held"] as? [[String: Any]])
            #expect(held.first?["defenderId"] as? String == defender.id.description)
            #expect(held.first?["reasons"] as? [String] == ["new_account"])
            #expect((items[1]["held"] as? [[String: Any]])?.isEmpty == true)
            let holds = try await messages(app, defender, .shieldHold)
            #expect(holds.map { $0["contentId"] as? String } == ["r-1"])

            let page = try await browser.get(client: client, path: "/me/shield?lang=es").text
            #expect(page.contains("cuenta nueva"))
            #expect(!page.contains("ya verás"))
            let item = try #require(try await app.himaya.store.shield.held(of: defender.id).first)
            #expect(try await browser.get(client: client, path: "/me/shield?lang=es&show=\(item.id)").text.contains("ya verás lo que te pasa"))
        }
    }

    @Test("a pile-on is kept with its accounts, blocked in one action, and the next reply from one of them is held")
    func blocksPileOn() async throws {
        try await TestApp.with { app, client in
            let key = try await text.scanning.platformKey(app)
            let defender = try await text.enrolDefender(app)
            var browser = try await links.linkSession(app, client, for: defender)
            _ = try await turnOn(client, &browser, days: "0")
            var last: [[String: Any]] = []
            for author in 0..<8 {
                last = try await text.scan(client, key: key, items: reply("p-\(author)", from: "troll-\(author)", text: "Rocío Quispe es una vendida, que se vaya del país ya"))
            }
            // The post that made it a pile-on is held already.
            #expect((last[0]["held"] as? [[String: Any]])?.first?["reasons"] as? [String] == ["pile_on"])
            let pileOn = try #require(try await app.himaya.store.shield.pileOns(of: defender.id).first)
            #expect(pileOn.accountCount == 8)
            #expect(try await browser.get(client: client, path: "/me/shield?lang=es").text.contains("8 cuentas"))

            let token = try await browser.formToken(client: client, path: "/me/shield?lang=es")
            #expect(try await browser.post(client: client, path: "/me/shield/pile-ons/\(pileOn.id)/block?lang=es", form: ["csrf_token": token]).status == .seeOther)
            let restrict = try #require(try await messages(app, defender, .accountsRestrict).first)
            #expect(restrict["operation"] as? String == "block")
            #expect((restrict["accounts"] as? [String])?.sorted() == (0..<8).map { "troll-\($0)" })
            #expect(try await app.himaya.store.shield.blockList(of: defender.id).count == 8)
            #expect(try await app.himaya.store.shield.pileOns(of: defender.id).first?.action == .blocked)

            let next = try await text.scan(client, key: key, items: reply("p-9", from: "troll-3", text: "otra vez aquí"))
            #expect((next[0]["held"] as? [[String: Any]])?.first?["reasons"] as? [String] == ["block_list", "pile_on"])
        }
    }

    @Test("the defender lets one held item through and blocks another's author, each once, and the platform is told each time")
    func reviewsHeldFolder() async throws {
        try await TestApp.with { app, client in
            let key = try await text.scanning.platformKey(app)
            let defender = try await text.enrolDefender(app)
            var browser = try await links.linkSession(app, client, for: defender)
            _ = try await turnOn(client, &browser)
            _ = try await text.scan(client, key: key, items: reply("h-1", from: "nuevo-1", createdDaysAgo: 1) + ", " + reply("h-2", from: "nuevo-2", createdDaysAgo: 1))
            let held = try await app.himaya.store.shield.held(of: defender.id)
            let first = try #require(held.first { $0.contentID == "h-1" })
            let second = try #require(held.first { $0.contentID == "h-2" })
            let token = try await browser.formToken(client: client, path: "/me/shield?lang=es")
            _ = try await browser.post(client: client, path: "/me/shield/held/\(first.id)/release?lang=es", form: ["csrf_token": token])
            _ = try await browser.post(client: client, path: "/me/shield/held/\(second.id)/block?lang=es", form: ["csrf_token": token])
            let again = try await browser.post(client: client, path: "/me/shield/held/\(first.id)/release?lang=es", form: ["csrf_token": token])
            #expect(again.headers[.location]?.contains("shield_error_gone") == true)
            #expect(try await messages(app, defender, .shieldRelease).map { $0["contentId"] as? String } == ["h-1"])
            #expect(try await messages(app, defender, .accountsRestrict).map { $0["accounts"] as? [String] } == [["nuevo-2"]])
            #expect(try await app.himaya.store.shield.blockList(of: defender.id).map(\.account) == ["nuevo-2"])
            let states = Dictionary(uniqueKeysWithValues: try await app.himaya.store.shield.held(of: defender.id).map { ($0.contentID, $0.state) })
            #expect(states == ["h-1": .released, "h-2": .blocked])
        }
    }

    @Test("a partner holding a shield delegation reviews the folder and blocks for the defender, who sees each use; a partner without it is refused")
    func partnerDelegate() async throws {
        try await TestApp.with { app, client in
            let key = try await text.scanning.platformKey(app)
            let defender = try await text.enrolDefender(app)
            let partner = Partner(name: "Red de periodistas", country: "PE", languages: ["es"], kind: .helpline, joinedAt: Date())
            try await app.himaya.store.partners.add(partner)
            let totp = try await app.addStaff("nadia", role: .partnerMember, partner: partner.id)
            var nadia = try await app.signIn("nadia", totp: totp, client: client)
            let now = Date()
            let lockOnly = Delegation(defenderID: defender.id, partnerID: partner.id, rights: [.lockdown], grantedAt: now.addingTimeInterval(-60), expiresAt: now.addingTimeInterval(86_400))
            let shieldRight = Delegation(defenderID: defender.id, partnerID: partner.id, rights: [.shield], grantedAt: now.addingTimeInterval(-60), expiresAt: now.addingTimeInterval(86_400))
            try await app.himaya.store.delegations.grant(lockOnly)
            try await app.himaya.store.delegations.grant(shieldRight)
            #expect(try await nadia.get(client: client, path: "/staff/delegations/\(lockOnly.id)/shield?lang=es").status == .forbidden)

            #expect(try await turnOn(client, &nadia, base: "/staff/delegations/\(shieldRight.id)/shield").status == .seeOther)
            #expect(try await app.himaya.store.shield.settings(of: defender.id).isOn)
            _ = try await text.scan(client, key: key, items: reply("d-1", from: "nuevo-9", createdDaysAgo: 1))
            let item = try #require(try await app.himaya.store.shield.held(of: defender.id).first)
            let token = try await nadia.formToken(client: client, path: "/staff")
            let blocked = try await nadia.post(client: client, path: "/staff/delegations/\(shieldRight.id)/shield/held/\(item.id)/block?lang=es", form: ["csrf_token": token])
            #expect(blocked.status == .seeOther)
            #expect(try await app.himaya.store.shield.blockList(of: defender.id).map(\.account) == ["nuevo-9"])
            let uses = try await app.himaya.store.delegations.uses(of: defender.id).filter { $0.detail["right"] == "shield" }
            #expect(uses.count >= 2)
        }
    }

    @Test("bad shield settings, accounts or scan fields change nothing and say why in the reader's language")
    func badInput() async throws {
        try await TestApp.with { app, client in
            let key = try await text.scanning.platformKey(app)
            let defender = try await text.enrolDefender(app)
            var browser = try await links.linkSession(app, client, for: defender)
            let token = try await browser.formToken(client: client, path: "/me/shield?lang=fr")
            let bad = try await browser.post(
                client: client, path: "/me/shield?lang=fr", form: ["csrf_token": token, "state": "on", "new_account_days": "5", "hold_pile_on": "yes"])
            #expect(bad.headers[.location]?.contains("shield_error_settings") == true)
            #expect(try await browser.get(client: client, path: "/me/shield?lang=fr&done=shield_error_settings").text.contains("Choisissez un âge de compte"))
            #expect(try await !app.himaya.store.shield.settings(of: defender.id).isOn)
            _ = try await browser.post(client: client, path: "/me/shield/blocks?lang=fr", form: ["csrf_token": token, "account": "deux mots"])
            #expect(try await app.himaya.store.shield.blockList(of: defender.id).isEmpty)

            let body = #"{"items": [{"id": "x-1", "authorId": "a", "text": "hola", "kind": "dm", "authorCreatedAt": "ayer", "mentions": ["acct-rocio"]}]}"#
            let refused = try await text.scanning.call(client, .post, "/api/v1/content/scan", key: key, body: body, language: "es")
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains("items[0].kind"))
            #expect(refused.text.contains("items[0].authorCreatedAt"))
            #expect(refused.text.contains("ISO 8601"))
            #expect(try await app.himaya.store.shield.held(of: defender.id).isEmpty)
        }
    }
}
