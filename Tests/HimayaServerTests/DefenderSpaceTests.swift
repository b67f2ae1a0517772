import Foundation
import HimayaCore
import HimayaDetection
import HimayaServer
import HimayaStore
import HimayaTestSupport
import SQLKit
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("A defender's own space")
struct DefenderSpaceTests {
    static let password = "a long passphrase for me"
    static let png = [UInt8](Data(base64Encoded: "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg==")!)

    /// Signs up through the form; returns the browser, the TOTP secret and the recovery codes.
    func signUp(_ client: some TestClientProtocol, username: String = "rocio.q", consents: [String] = ["alerts", "enforcement_guard"], lang: String = "es")
        async throws -> (Browser, String, [String])
    {
        var browser = Browser()
        let token = try await browser.formToken(client: client, path: "/me/sign-up?lang=\(lang)")
        var fields: [(String, String)] = [("csrf_token", token), ("username", username), ("password", Self.password), ("display_name", "Rocío"),
                                          ("country", "pe"), ("language", lang), ("activity", "journalist")]
        for consent in consents { fields.append(("consent", consent)) }
        let body = fields.map { "\(Browser.encode($0.0))=\(Browser.encode($0.1))" }.joined(separator: "&")
        let response = try await client.execute(
            uri: "/me/sign-up?lang=\(lang)", method: .post,
            headers: [.contentType: "application/x-www-form-urlencoded", .cookie: browser.cookieHeader], body: ByteBuffer(string: body))
        browser.remember(response)
        let page = response.text
        #expect(response.status == .ok, "\(page.prefix(500))")
        let secret = String(page[try #require(page.range(of: #"(?<=id="totp-secret">)[A-Z2-7]+"#, options: .regularExpression))])
        let codes = page.matches(of: /<li><code>([a-z0-9]+)<\/code><\/li>/).map { String($0.1) }
        return (browser, secret, codes)
    }

    @Test("sign-up with mistakes is refused in the reader's language and stores nothing")
    func badSignUp() async throws {
        try await TestApp.with { app, client in
            var browser = Browser()
            let token = try await browser.formToken(client: client, path: "/me/sign-up?lang=fr")
            let response = try await browser.post(client: client, path: "/me/sign-up?lang=fr",
                                                  form: ["csrf_token": token, "username": "x", "password": "short", "display_name": "", "country": "Peru"])
            #expect(response.status == .unprocessableContent)
            #expect(response.text.contains("Le mot de passe doit compter au moins 12 caractères."))
            #expect(try await app.himaya.store.defenders.count() == 0)
        }
    }

    @Test("sign-up enrols the defender with the consents chosen, shows the second factor and recovery codes once, and signs them in")
    func signUpEnrols() async throws {
        try await TestApp.with { app, client in
            var (browser, secret, codes) = try await signUp(client)
            #expect(codes.count == 8 && secret.count >= 16)
            let home = try await browser.get(client: client, path: "/me?lang=es").text
            #expect(home.contains("Rocío"))
            let defenderID = try #require(try await app.himaya.store.source.withConnection { db in
                try await db.raw("SELECT id FROM defenders").first()?.decode(column: "id", as: String.self)
            }.flatMap(Defender.ID.init))
            #expect(try await app.himaya.store.consents.holds(.alerts, for: defenderID))
            #expect(try await app.himaya.store.consents.holds(.enforcementGuard, for: defenderID))
            #expect(!(try await app.himaya.store.consents.holds(.referencePhotos, for: defenderID)))
            #expect(try await app.himaya.store.defenders.defender(id: defenderID)?.country == "PE")
            // Neither the username nor the secret is stored in the clear.
            let stored = try await app.database.allStoredText()
            #expect(!stored.contains("rocio.q") && !stored.contains(secret))
        }
    }

    @Test("sign-in needs the password and a fresh code; a recovery code works once")
    func signIn() async throws {
        try await TestApp.with { app, client in
            let (_, secret, codes) = try await signUp(client, username: "awa")
            func attempt(_ code: String, password: String = Self.password) async throws -> TestResponse {
                var browser = Browser()
                let token = try await browser.formToken(client: client, path: "/me/sign-in?lang=en")
                return try await browser.post(client: client, path: "/me/sign-in?lang=en",
                                              form: ["csrf_token": token, "username": "awa", "password": password, "code": code])
            }
            let code = TOTP(secret: Base32.decode(secret) ?? Data()).code(at: Date())
            #expect(try await attempt(code, password: "not the passphrase").status == .unauthorized)
            #expect(try await attempt(code).status == .seeOther)
            #expect(try await attempt(code).status == .unauthorized)  // the same code twice
            #expect(try await attempt(codes[0]).status == .seeOther)
            #expect(try await attempt(codes[0]).status == .unauthorized)
            #expect(try await app.auditCount("defender.signed_in_with_recovery_code") == 1)
        }
    }

    @Test("five failures pause sign-in")
    func lockout() async throws {
        try await TestApp.with { _, client in
            _ = try await signUp(client, username: "nour")
            var last: TestResponse?
            for _ in 0..<6 {
                var browser = Browser()
                let token = try await browser.formToken(client: client, path: "/me/sign-in?lang=en")
                last = try await browser.post(client: client, path: "/me/sign-in?lang=en",
                                              form: ["csrf_token": token, "username": "nour", "password": "wrong passphrase!", "code": "000000"])
            }
            #expect(last?.text.contains("sign-in is paused") == true)
        }
    }

    @Test("one confirmed click locks the account down and can alert the responders; steps are lifted one by one")
    func lockdown() async throws {
        try await TestApp.with { app, client in
            var (browser, _, _) = try await signUp(client, lang: "en")
            let token = try await browser.formToken(client: client, path: "/me?lang=en")
            _ = try await browser.post(client: client, path: "/me/lockdown?lang=en", form: ["csrf_token": token])
            let defenderID = try #require(try await app.himaya.store.source.withConnection { db in
                try await db.raw("SELECT id FROM defenders").first()?.decode(column: "id", as: String.self)
            }.flatMap(Defender.ID.init))
            #expect(try await app.himaya.store.lockdowns.lockdowns(of: defenderID).isEmpty)
            _ = try await browser.post(client: client, path: "/me/lockdown?lang=en", form: ["csrf_token": token, "confirm": "yes", "alert_responders": "yes"])
            let lockdown = try #require(try await app.himaya.store.lockdowns.lockdowns(of: defenderID).first)
            #expect(lockdown.alertResponders)
            #expect(try await app.auditCount("report.filed") == 1)
            var page = try await browser.get(client: client, path: "/me?lang=en").text
            #expect(page.contains("asked of the platform"))
            // The platform confirms one step; the defender lifts it.
            let applied = try #require(lockdown.reporting(.hideFollowers, as: .applied))
            _ = applied
            #expect(try await app.himaya.store.lockdowns.change(lockdown.id, step: .hideFollowers, from: .requested, to: .applied, by: "platform:x", messages: []))
            page = try await browser.get(client: client, path: "/me?lang=en").text
            #expect(page.contains("/me/lockdowns/\(lockdown.id)/steps/hide_followers/undo"))
            _ = try await browser.post(client: client, path: "/me/lockdowns/\(lockdown.id)/steps/hide_followers/undo?lang=en", form: ["csrf_token": token])
            #expect(try await app.himaya.store.lockdowns.lockdown(lockdown.id)?.steps[.hideFollowers] == .undoRequested)
        }
    }

    @Test("privacy settings are turned on one at a time through the signed step message, confirmed by the platform, and turned off again")
    func privacySettings() async throws {
        try await TestApp.with { app, client in
            var (browser, _, _) = try await signUp(client, lang: "fr")
            let defenderID = try #require(try await app.himaya.store.source.withConnection { db in
                try await db.raw("SELECT id FROM defenders").first()?.decode(column: "id", as: String.self)
            }.flatMap(Defender.ID.init))
            let token = try await browser.formToken(client: client, path: "/me?lang=fr")
            #expect(try await browser.get(client: client, path: "/me?lang=fr").text.contains("/me/privacy/hide_from_search"))
            #expect(try await browser.post(client: client, path: "/me/privacy/hide_from_search?lang=fr", form: ["csrf_token": token]).status == .seeOther)
            // Asking again while it is on its way asks nothing new.
            _ = try await browser.post(client: client, path: "/me/privacy/hide_from_search?lang=fr", form: ["csrf_token": token])
            let asked = try await app.himaya.store.lockdowns.lockdowns(of: defenderID)
            #expect(asked.count == 1)
            let setting = try #require(asked.first)
            #expect(Array(setting.steps.keys) == [.hideFromSearch])
            #expect(!setting.isWholeLockdown)
            let messages = try await app.himaya.store.outbox.messagesWithPayloads(about: "lockdown:\(setting.id)")
            #expect(messages.count == 1)
            #expect(messages.allSatisfy { $0.0.kind == .lockdownStep && String(decoding: $0.1, as: UTF8.self).contains("\"step\":\"hide_from_search\"") })

            #expect(try await app.himaya.store.lockdowns.change(setting.id, step: .hideFromSearch, from: .requested, to: .applied, by: "platform:x", messages: []))
            var page = try await browser.get(client: client, path: "/me?lang=fr").text
            #expect(page.contains("/me/lockdowns/\(setting.id)/steps/hide_from_search/undo"))
            // A single setting is not shown as a lockdown.
            #expect(!page.contains("id=\"lockdown-steps\""))
            _ = try await browser.post(client: client, path: "/me/lockdowns/\(setting.id)/steps/hide_from_search/undo?lang=fr", form: ["csrf_token": token])
            #expect(try await app.himaya.store.lockdowns.change(setting.id, step: .hideFromSearch, from: .undoRequested, to: .undone, by: "platform:x", messages: []))
            page = try await browser.get(client: client, path: "/me?lang=fr").text
            #expect(page.contains("/me/privacy/hide_from_search"))
            #expect(try await browser.post(client: client, path: "/me/privacy/no_such_setting?lang=fr", form: ["csrf_token": token]).status == .notFound)
        }
    }

    @Test("the defender chooses the language of their alerts and the others they read; a language not on the lists changes nothing")
    func languages() async throws {
        try await TestApp.with { app, client in
            var (browser, _, _) = try await signUp(client, lang: "es")
            let defenderID = try #require(try await app.himaya.store.source.withConnection { db in
                try await db.raw("SELECT id FROM defenders").first()?.decode(column: "id", as: String.self)
            }.flatMap(Defender.ID.init))
            let token = try await browser.formToken(client: client, path: "/me?lang=es")
            let body = "csrf_token=\(token)&alerts=fr&reads=pt&reads=es&reads=fr"
            _ = try await client.execute(uri: "/me/languages?lang=es", method: .post,
                                         headers: [.contentType: "application/x-www-form-urlencoded", .cookie: browser.cookieHeader], body: ByteBuffer(string: body))
            #expect(try await app.himaya.store.defenders.defender(id: defenderID)?.languages == ["fr", "pt", "es"])
            let bad = try await browser.post(client: client, path: "/me/languages?lang=es", form: ["csrf_token": token, "alerts": "de"])
            #expect(bad.headers[.location]?.contains("me_languages_error") == true)
            #expect(try await app.himaya.store.defenders.defender(id: defenderID)?.languages == ["fr", "pt", "es"])
            #expect(try await browser.get(client: client, path: "/me?lang=es&done=me_languages_error").text.contains("Elija inglés, francés"))
        }
    }

    @Test("alerts show a summary first and the content only on request")
    func alerts() async throws {
        try await TestApp.with { app, client in
            var (browser, _, _) = try await signUp(client, lang: "fr")
            let defenderID = try #require(try await app.himaya.store.source.withConnection { db in
                try await db.raw("SELECT id FROM defenders").first()?.decode(column: "id", as: String.self)
            }.flatMap(Defender.ID.init))
            let message = PlatformMessage(kind: .alertCreated, subject: "defender:\(defenderID)", updatedAt: Date())
            try await app.himaya.store.outbox.queue(message, payload: Data(#"{"event":"alert.created","summary":"Une image vous concerne.","contentId":"post-991"}"#.utf8))
            let page = try await browser.get(client: client, path: "/me?lang=fr").text
            #expect(page.contains("Une image vous concerne.") && !page.contains("post-991"))
            let shown = try await browser.get(client: client, path: "/me?lang=fr&show=\(message.id)").text
            #expect(shown.contains("post-991"))
        }
    }

    @Test("the defender adds an alias in another script to be watched, sees it found in the next scan, and removes it")
    func watchTerms() async throws {
        try await TestApp.with { app, client in
            var (browser, _, _) = try await signUp(client, consents: ["alerts", "mention_detection"], lang: "ar")
            let defenderID = try #require(try await app.himaya.store.source.withConnection { db in
                try await db.raw("SELECT id FROM defenders").first()?.decode(column: "id", as: String.self)
            }.flatMap(Defender.ID.init))
            var token = try await browser.formToken(client: client, path: "/me?lang=ar")
            let short = try await browser.post(client: client, path: "/me/watch-terms?lang=ar", form: ["csrf_token": token, "term": "x", "kind": "alias"])
            let refused = try await browser.get(client: client, path: short.headers[.location] ?? "/me?lang=ar").text
            #expect(refused.contains("حرفين"))
            #expect(try await app.himaya.store.watchList.terms(of: defenderID).isEmpty)

            token = try await browser.formToken(client: client, path: "/me?lang=ar")
            _ = try await browser.post(client: client, path: "/me/watch-terms?lang=ar", form: ["csrf_token": token, "term": "روسيو", "kind": "alias"])
            let page = try await browser.get(client: client, path: "/me?lang=ar").text
            #expect(page.contains("روسيو"))
            let snapshot = app.himaya.textLibrary.current
            var normaliser = TextNormaliser()
            #expect(snapshot.names.mentions(in: normaliser.normalise("كتبت روسيو اليوم")).map(\.person) == [snapshot.personByDefender[defenderID]!])

            let term = try #require(try await app.himaya.store.watchList.terms(of: defenderID).first)
            token = try await browser.formToken(client: client, path: "/me?lang=ar")
            _ = try await browser.post(client: client, path: "/me/watch-terms/\(term.id)/remove?lang=ar", form: ["csrf_token": token])
            #expect(try await app.himaya.store.watchList.terms(of: defenderID).isEmpty)
            #expect(app.himaya.textLibrary.current.names.mentions(in: normaliser.normalise("كتبت روسيو اليوم")).isEmpty)
        }
    }

    @Test("alert preferences are saved from the space, and an alert in quiet hours waits for their end")
    func alertPreferences() async throws {
        try await TestApp.with { app, client in
            var (browser, _, _) = try await signUp(client, consents: ["alerts", "mention_detection"], lang: "es")
            let defenderID = try #require(try await app.himaya.store.source.withConnection { db in
                try await db.raw("SELECT id FROM defenders").first()?.decode(column: "id", as: String.self)
            }.flatMap(Defender.ID.init))
            var token = try await browser.formToken(client: client, path: "/me?lang=es")
            let half = try await browser.post(client: client, path: "/me/alert-preferences?lang=es", form: [
                "csrf_token": token, "channel": "push", "minimum_severity": "normal", "quiet_from": "22", "quiet_until": "", "utc_offset": "0", "digest_hour": "",
            ])
            #expect(try await browser.get(client: client, path: half.headers[.location] ?? "/me").text.contains("inicio y un final"))

            let hour = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: Date()).hour!
            token = try await browser.formToken(client: client, path: "/me?lang=es")
            _ = try await browser.post(client: client, path: "/me/alert-preferences?lang=es", form: [
                "csrf_token": token, "channel": "push", "minimum_severity": "normal", "quiet_from": String(hour), "quiet_until": String((hour + 3) % 24),
                "utc_offset": "0", "digest_hour": "",
            ])
            let saved = try await app.himaya.store.alertPreferences.preferences(of: defenderID)
            #expect(saved == AlertPreferences(channel: .push, quietFrom: hour, quietUntil: (hour + 3) % 24, urgentAlwaysNow: false))

            if try await app.himaya.store.platforms.current() == nil {
                try await app.himaya.store.platforms.add(Platform(name: "Platform", webhookURL: "http://127.0.0.1:9/hooks", secret: "s"))
            }
            let platform = try #require(try await app.himaya.store.platforms.current())
            let key = try await PlatformKeys(himaya: app.himaya).issue(for: platform.id, scopes: [.contentScan]).1
            let scan = try await client.execute(
                uri: "/api/v1/content/scan", method: .post, headers: [.contentType: "application/json", .authorization: "Bearer \(key)"],
                body: ByteBuffer(string: #"{"items": [{"id": "p-1", "authorId": "u-1", "text": "Rocío, sabemos dónde vives"}]}"#))
            #expect(scan.status == .ok)
            let message = try #require(try await app.himaya.store.outbox.messagesWithPayloads(about: "defender:\(defenderID)").first { $0.0.kind == .alertCreated })
            let fields = try #require(try JSONSerialization.jsonObject(with: message.1) as? [String: String])
            #expect(fields["channel"] == "push")
            let runAt = try #require(try await app.himaya.store.source.withConnection { db in
                try await db.raw("SELECT run_at FROM jobs WHERE kind = 'platform.message' ORDER BY run_at DESC").first()?.decode(column: "run_at", as: Int64.self)
            })
            #expect(Double(runAt) / 1000 > Date().timeIntervalSince1970 + 3600)
            // The alert is in the defender's space at once all the same.
            #expect(try await browser.get(client: client, path: "/me?lang=es").text.contains("amenaza velada"))
        }
    }

    @Test("withdrawing a consent from the space takes effect at once")
    func withdraw() async throws {
        try await TestApp.with { app, client in
            var (browser, _, _) = try await signUp(client, consents: ["enforcement_guard"], lang: "en")
            let defenderID = try #require(try await app.himaya.store.source.withConnection { db in
                try await db.raw("SELECT id FROM defenders").first()?.decode(column: "id", as: String.self)
            }.flatMap(Defender.ID.init))
            try await app.himaya.store.defenders.link(account: "@me-acct", to: defenderID)
            try await app.himaya.protectedAccounts.reload(from: app.himaya.store, at: Date())
            #expect(app.himaya.protectedAccounts.mayContain(index: app.himaya.store.blindIndex.index("@me-acct")))
            let token = try await browser.formToken(client: client, path: "/me?lang=en")
            _ = try await browser.post(client: client, path: "/me/consents?lang=en", form: ["csrf_token": token, "purpose": "enforcement_guard", "granted": "no"])
            #expect(!app.himaya.protectedAccounts.mayContain(index: app.himaya.store.blindIndex.index("@me-acct")))
        }
    }

    @Test("the defender grants a partner a time-limited delegation from the space, and revokes it")
    func delegation() async throws {
        try await TestApp.with { app, client in
            let partner = Partner(name: "Helpline Sur", country: "PE", languages: ["es"], kind: .helpline, joinedAt: Date())
            try await app.himaya.store.partners.add(partner)
            var (browser, _, _) = try await signUp(client, lang: "en")
            let token = try await browser.formToken(client: client, path: "/me?lang=en")
            _ = try await browser.post(client: client, path: "/me/delegations?lang=en", form: ["csrf_token": token, "partner": partner.id.description, "days": "7"])
            #expect(try await browser.get(client: client, path: "/me?lang=en&done=delegation_invalid").text.contains("Choose a partner, at least one right"))
            let body = "csrf_token=\(token)&partner=\(partner.id)&days=7&right=lockdown&right=see_alerts"
            _ = try await client.execute(uri: "/me/delegations?lang=en", method: .post,
                                         headers: [.contentType: "application/x-www-form-urlencoded", .cookie: browser.cookieHeader], body: ByteBuffer(string: body))
            let page = try await browser.get(client: client, path: "/me?lang=en").text
            #expect(page.contains("Helpline Sur") && page.contains("lock my account down") && page.contains("active"))
            let delegation = try #require(try await app.himaya.store.delegations.delegations(to: partner.id).first)
            #expect(delegation.rights == [.lockdown, .seeAlerts])
            _ = try await browser.post(client: client, path: "/me/delegations/\(delegation.id)/revoke?lang=en", form: ["csrf_token": token])
            #expect(try await app.himaya.store.delegations.delegations(to: partner.id).first?.revokedAt != nil)
        }
    }

    @Test("the evidence file lists the defender's incidents with links and evidence fingerprints, as a page and as JSON, and nobody else's")
    func evidenceFile() async throws {
        try await TestApp.with { app, client in
            var (browser, _, _) = try await signUp(client, lang: "en")
            let defenderID = try #require(try await app.himaya.store.source.withConnection { db in
                try await db.raw("SELECT id FROM defenders").first()?.decode(column: "id", as: String.self)
            }.flatMap(Defender.ID.init))
            try await app.himaya.store.defenders.link(account: "@rocio", to: defenderID)
            func file(_ target: String, link: String) async throws {
                var reporter = Browser()
                let token = try await reporter.formToken(client: client, path: "/report/details")
                _ = try await reporter.postMultipart(
                    client: client, path: "/report?lang=en",
                    fields: [("csrf_token", token), ("category", "doxxing"), ("country", "PE"), ("target_account", target),
                             ("narrative", "My address was posted."), ("content_references", link), ("contact_method", "follow_up_only")],
                    files: [("files", "shot.png", Self.png)])
            }
            try await file("@Rocio", link: "https://platform.example/p/77")
            try await file("@someone.else", link: "https://platform.example/p/88")
            let page = try await browser.get(client: client, path: "/me/evidence-file?lang=en").text
            #expect(page.contains("https://platform.example/p/77") && !page.contains("p/88"))
            let json = try await browser.get(client: client, path: "/me/evidence-file.json?lang=en")
            #expect(json.headers[.contentType]?.hasPrefix("application/json") == true)
            let parsed = try #require(try JSONSerialization.jsonObject(with: Data(json.text.utf8)) as? [String: Any])
            let incidents = try #require(parsed["incidents"] as? [[String: Any]])
            #expect(incidents.count == 1)
            #expect(incidents[0]["links"] as? [String] == ["https://platform.example/p/77"])
            let evidence = try #require(incidents[0]["evidence"] as? [[String: Any]])
            let sha = try #require(evidence.first?["sha256"] as? String)
            #expect(sha.count == 64 && page.contains(sha))
            #expect(try await app.auditCount("defender.evidence_file_read") == 2)
        }
    }

    @Test("a defender's session opens no staff page, and a form without the token is refused")
    func separation() async throws {
        try await TestApp.with { _, client in
            var (browser, _, _) = try await signUp(client, lang: "en")
            let console = try await browser.get(client: client, path: "/console").status
            #expect(console == .found || console == .seeOther || console == .forbidden)
            #expect(try await browser.post(client: client, path: "/me/lockdown", form: ["confirm": "yes"]).status == .forbidden)
        }
    }
}
