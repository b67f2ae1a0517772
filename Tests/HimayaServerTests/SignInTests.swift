import HimayaTestSupport
import Logging
import HimayaStore
import Foundation
import HimayaCore
import HimayaServer
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Staff sign-in")
struct SignInTests {
    /// A fresh browser that opens the form and sends these fields with its token.
    func attempt(
        _ client: some TestClientProtocol, username: String, password: String, code: String, language: String = "en"
    ) async throws -> (Browser, TestResponse) {
        var browser = Browser()
        let token = try await browser.formToken(client: client, path: "/staff/sign-in?lang=\(language)")
        let response = try await browser.post(
            client: client, path: "/staff/sign-in?lang=\(language)",
            form: ["csrf_token": token, "username": username, "password": password, "code": code])
        return (browser, response)
    }

    @Test("password and current code sign a staff member in")
    func signsIn() async throws {
        try await TestApp.with { app, client in
            let totp = try await app.addStaff("amina", role: .responder)
            var browser = try await app.signIn("amina", totp: totp, client: client)
            #expect(browser.cookies["himaya_session"] != nil)
            let page = try await browser.get(client: client, path: "/staff?lang=en")
            #expect(page.status == .ok)
            #expect(page.text.contains("Signed in as Test amina"))
            #expect(try await app.auditCount("staff.signed_in") == 1)
        }
    }

    @Test("the session cookie is HttpOnly and same-site strict")
    func cookieFlags() async throws {
        try await TestApp.with { app, client in
            let totp = try await app.addStaff("amina", role: .responder)
            let (_, response) = try await attempt(client, username: "amina", password: TestApp.password, code: totp.code(at: Date()))
            let cookie = response.headers[values: .setCookie].first { $0.hasPrefix("himaya_session=") } ?? ""
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Strict"))
        }
    }

    @Test("a wrong code is refused with a clear message, and audited")
    func wrongCode() async throws {
        try await TestApp.with { app, client in
            let totp = try await app.addStaff("amina", role: .responder)
            let wrong = totp.code(at: Date()) == "000000" ? "111111" : "000000"
            let (browser, response) = try await attempt(client, username: "amina", password: TestApp.password, code: wrong, language: "fr")
            #expect(response.status == .unauthorized)
            #expect(response.text.contains(app.himaya.catalogues["fr"].text("sign_in_failed").replacingOccurrences(of: "’", with: "&#39;")) || response.text.contains("role=\"alert\""))
            #expect(response.text.contains("value=\"amina\""))
            #expect(browser.cookies["himaya_session"] == nil)
            #expect(try await app.auditCount("staff.sign_in_failed") == 1)
        }
    }

    @Test("a wrong password is refused")
    func wrongPassword() async throws {
        try await TestApp.with { app, client in
            let totp = try await app.addStaff("amina", role: .responder)
            let (_, response) = try await attempt(client, username: "amina", password: "not the password", code: totp.code(at: Date()))
            #expect(response.status == .unauthorized)
        }
    }

    @Test("a code cannot be used twice")
    func replayRefused() async throws {
        try await TestApp.with { app, client in
            let totp = try await app.addStaff("amina", role: .responder)
            // One code, read once: two readings could fall either side of a 30-second step.
            let code = totp.code(at: Date())
            let (_, first) = try await attempt(client, username: "amina", password: TestApp.password, code: code)
            #expect(first.status == .seeOther)
            let (_, response) = try await attempt(client, username: "amina", password: TestApp.password, code: code)
            #expect(response.status == .unauthorized)
        }
    }

    @Test("five failures lock the account even for the right password")
    func lockout() async throws {
        try await TestApp.with { app, client in
            let totp = try await app.addStaff("amina", role: .responder)
            var browser = Browser()
            let token = try await browser.formToken(client: client, path: "/staff/sign-in")
            for _ in 1...5 {
                _ = try await browser.post(
                    client: client, path: "/staff/sign-in",
                    form: ["csrf_token": token, "username": "amina", "password": "wrong", "code": "123456"])
            }
            let response = try await browser.post(
                client: client, path: "/staff/sign-in?lang=en",
                form: ["csrf_token": token, "username": "amina", "password": TestApp.password, "code": totp.code(at: Date())])
            #expect(response.status == .unauthorized)
            #expect(response.text.contains("locked"))
            #expect(try await app.auditCount("staff.sign_in_refused_locked") == 1)
        }
    }

    @Test("an unknown username fails like a wrong password")
    func unknownUsername() async throws {
        try await TestApp.with { app, client in
            let (_, response) = try await attempt(client, username: "ghost", password: "x", code: "1")
            #expect(response.status == .unauthorized)
            #expect(try await app.auditCount("staff.sign_in_failed") == 1)
        }
    }

    @Test("missing fields are asked for again, keeping what was typed")
    func missingFields() async throws {
        try await TestApp.with { app, client in
            var browser = Browser()
            let token = try await browser.formToken(client: client, path: "/staff/sign-in")
            let response = try await browser.post(
                client: client, path: "/staff/sign-in?lang=es", form: ["csrf_token": token, "username": "amina"])
            #expect(response.status == .badRequest)
            #expect(response.text.contains("value=\"amina\""))
            #expect(response.text.contains(app.himaya.catalogues["es"].text("sign_in_missing_fields")))
        }
    }

    @Test("signing out ends the session")
    func signOut() async throws {
        try await TestApp.with { app, client in
            let totp = try await app.addStaff("amina", role: .responder)
            var browser = try await app.signIn("amina", totp: totp, client: client)
            let oldCookie = browser.cookies["himaya_session"]!
            let token = try await browser.formToken(client: client, path: "/staff")
            let response = try await browser.post(client: client, path: "/staff/sign-out", form: ["csrf_token": token])
            #expect(response.status == .seeOther)
            let after = try await client.execute(uri: "/staff", method: .get, headers: [.cookie: "himaya_session=\(oldCookie)"])
            #expect(after.status == .found)
            #expect(try await app.auditCount("staff.signed_out") == 1)
        }
    }
}
