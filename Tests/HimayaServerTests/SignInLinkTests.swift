import Foundation
import HimayaCore
import HimayaServer
import HimayaStore
import HimayaTestSupport
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Synchronization
import Testing


@Suite("One-time sign-in links through the platform")
struct SignInLinkTests {
    let scanning = ScanAPITests()

    func enrolled(_ app: TestApp) async throws -> Defender {
        let defender = Defender(displayName: "Amina", country: "SN", languages: ["fr"], activity: .journalist, riskTier: .high, enrolledAt: Date())
        try await app.himaya.store.defenders.enrol(defender)
        return defender
    }

    @Test("the platform gets a link; opening it asks for a click, the click opens the space once, and only the hash is stored")
    func linkWorksOnce() async throws {
        try await TestApp.with { app, client in
            let key = try await scanning.platformKey(app)
            let defender = try await enrolled(app)
            let issued = try await scanning.call(client, .post, "/api/v1/defenders/\(defender.id)/sign-in-links", key: key)
            #expect(issued.status == .created)
            let path = try #require(try scanning.json(issued)["path"] as? String)
            let token = String(path.dropFirst("/me/link/".count))
            #expect(!(try await app.database.allStoredText()).contains(token))

            var browser = Browser()
            // Fetching the page (as a link scanner would) spends nothing.
            let page = try await browser.get(client: client, path: path + "?lang=fr")
            #expect(page.status == .ok)
            let csrf = try await browser.formToken(client: client, path: path + "?lang=fr")
            let opened = try await browser.post(client: client, path: path + "?lang=fr", form: ["csrf_token": csrf])
            #expect(opened.status == .seeOther)
            #expect(try await browser.get(client: client, path: "/me?lang=fr").text.contains("Amina"))

            var other = Browser()
            let again = try await other.formToken(client: client, path: path + "?lang=fr")
            let spent = try await other.post(client: client, path: path + "?lang=fr", form: ["csrf_token": again])
            #expect(spent.status == .gone)
            #expect(spent.text.contains("a déjà servi"))
            #expect(try await app.auditCount("defender.signed_in_by_link") == 1)
        }
    }

    @Test("an expired link opens nothing")
    func expired() async throws {
        let clock = MovableClock(Date())
        try await TestApp.with(clock: clock.wall) { app, client in
            let defender = try await enrolled(app)
            let (token, _) = try await DefenderSignIn(himaya: app.himaya).issueLink(for: defender.id)
            clock.advance(by: DefenderSignIn.linkLifetime + 1)
            var browser = Browser()
            let csrf = try await browser.formToken(client: client, path: "/me/link/\(token)")
            #expect(try await browser.post(client: client, path: "/me/link/\(token)", form: ["csrf_token": csrf]).status == .gone)
        }
    }

    @Test("a link for an unknown defender is refused, and without the defenders scope nothing is issued")
    func refused() async throws {
        try await TestApp.with { app, client in
            let key = try await scanning.platformKey(app)
            #expect(try await scanning.call(client, .post, "/api/v1/defenders/\(Defender.ID())/sign-in-links", key: key).status == .notFound)
            let scanOnly = try await scanning.platformKey(app, scopes: [.contentScan])
            let defender = try await enrolled(app)
            #expect(try await scanning.call(client, .post, "/api/v1/defenders/\(defender.id)/sign-in-links", key: scanOnly).status == .forbidden)
        }
    }

    /// Opens a link session for `defender` in a fresh browser.
    func linkSession(_ app: TestApp, _ client: some TestClientProtocol, for defender: Defender) async throws -> Browser {
        let (token, _) = try await DefenderSignIn(himaya: app.himaya).issueLink(for: defender.id)
        var browser = Browser()
        let csrf = try await browser.formToken(client: client, path: "/me/link/\(token)")
        #expect(try await browser.post(client: client, path: "/me/link/\(token)", form: ["csrf_token": csrf]).status == .seeOther)
        return browser
    }

    @Test("a defender enrolled by others sets a password and second factor from a link session, and signs in with them afterwards")
    func ownSignInFromLink() async throws {
        let clock = MovableClock(Date())
        try await TestApp.with(clock: clock.wall) { app, client in
            let defender = try await enrolled(app)
            var browser = try await linkSession(app, client, for: defender)
            #expect(try await browser.get(client: client, path: "/me?lang=fr").text.contains("/me/sign-in-setup"))
            let form = try await browser.get(client: client, path: "/me/sign-in-setup?lang=fr").text
            let secret = try #require(form.firstMatch(of: /id="totp-secret">([A-Z2-7]{32})</)?.1).description
            let csrf = try await browser.formToken(client: client, path: "/me/sign-in-setup?lang=fr")
            let totp = TOTP(secret: try #require(Base32.decode(secret)))
            var fields = ["csrf_token": csrf, "secret": secret, "username": "amina.sn", "password": "a long passphrase here", "code": "000000"]
            if totp.code(at: clock.wall.now) == "000000" { fields["code"] = "111111" }
            let wrong = try await browser.post(client: client, path: "/me/sign-in-setup?lang=fr", form: fields)
            #expect(wrong.status == .unprocessableContent)
            #expect(wrong.text.contains("ne correspond pas"))
            #expect(try await !app.himaya.store.defenderLogins.hasLogin(defender.id))

            fields["code"] = totp.code(at: clock.wall.now)
            let done = try await browser.post(client: client, path: "/me/sign-in-setup?lang=fr", form: fields)
            #expect(done.status == .ok)
            #expect(done.text.contains("recovery-codes"))
            #expect(try await app.himaya.store.defenderLogins.hasLogin(defender.id))
            #expect(try await app.auditCount("defender.sign_in_set_up") == 1)

            // The code used to set it up cannot be used again; the next one signs in.
            let signIn = DefenderSignIn(himaya: app.himaya)
            #expect(try await !signIn.attempt(username: "amina.sn", password: "a long passphrase here", code: fields["code"]!).isSignedIn)
            clock.advance(by: 30)
            #expect(try await signIn.attempt(username: "amina.sn", password: "a long passphrase here", code: totp.code(at: clock.wall.now)).isSignedIn)
        }
    }

    @Test("a defender who has a sign-in cannot have it replaced from a link session")
    func linkCannotReplaceSignIn() async throws {
        try await TestApp.with { app, client in
            let welcome = try await DefenderSignIn(himaya: app.himaya).signUp(
                username: "rocio.pe", password: "a long passphrase here", displayName: "Rocío", country: "PE", language: "es", activity: .journalist,
                consents: [.alerts])
            var browser = try await linkSession(app, client, for: welcome.defender)
            #expect(try await !browser.get(client: client, path: "/me?lang=es").text.contains("/me/sign-in-setup"))
            let redirected = try await browser.get(client: client, path: "/me/sign-in-setup?lang=es")
            #expect(redirected.status == .seeOther)
            let csrf = try await browser.formToken(client: client, path: "/me?lang=es")
            let secret = Base32.encode(TOTP.generateSecret())
            let attempt = try await browser.post(
                client: client, path: "/me/sign-in-setup?lang=es",
                form: ["csrf_token": csrf, "secret": secret, "username": "taker", "password": "another long passphrase",
                       "code": TOTP(secret: try #require(Base32.decode(secret))).code(at: Date())])
            #expect(attempt.status == .seeOther)
            #expect(try await app.himaya.store.defenderLogins.login(usernameIndex: app.himaya.store.blindIndex.index("defender-login:taker")) == nil)
        }
    }

    @Test("after an operator resets a lost sign-in, the old one and its sessions stop working, and the next link session sets a new one")
    func resetLostSignIn() async throws {
        let clock = MovableClock(Date())
        try await TestApp.with(clock: clock.wall) { app, client in
            let signIn = DefenderSignIn(himaya: app.himaya)
            let welcome = try await signIn.signUp(
                username: "rocio.pe", password: "a long passphrase here", displayName: "Rocío", country: "PE", language: "es", activity: .journalist,
                consents: [.alerts])
            var old = try await linkSession(app, client, for: welcome.defender)
            #expect(try await old.get(client: client, path: "/me?lang=es").status == .ok)
            #expect(try await signIn.resetSignIn(for: welcome.defender.id, verifiedBy: "call with the partner who enrolled her"))
            #expect(try await app.auditCount("defender.sign_in_reset") == 1)
            #expect(try await old.get(client: client, path: "/me?lang=es").status == .seeOther)
            let totp = TOTP(secret: try #require(Base32.decode(welcome.totpSecret)))
            #expect(try await !signIn.attempt(username: "rocio.pe", password: "a long passphrase here", code: totp.code(at: clock.wall.now)).isSignedIn)

            var fresh = try await linkSession(app, client, for: welcome.defender)
            #expect(try await fresh.get(client: client, path: "/me/sign-in-setup?lang=es").status == .ok)
            #expect(try await !signIn.resetSignIn(for: welcome.defender.id, verifiedBy: "again"))
        }
    }
}

extension DefenderSignIn.Outcome {
    var isSignedIn: Bool { if case .signedIn = self { true } else { false } }
}
