import HimayaTestSupport
import Logging
import HimayaStore
import Foundation
import HimayaCore
import HimayaServer
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Bad input changes nothing")
struct BadInputTests {
    @Test("a form without its token is refused in the visitor's language, and nothing is recorded")
    func missingToken() async throws {
        try await TestApp.with { app, client in
            let totp = try await app.addStaff("amina", role: .responder)
            let before = try await app.himaya.store.audit.latest(limit: 100).count
            var browser = Browser()
            _ = try await browser.get(client: client, path: "/staff/sign-in")
            let response = try await browser.post(
                client: client, path: "/staff/sign-in?lang=ar",
                form: ["username": "amina", "password": TestApp.password, "code": totp.code(at: Date())])
            #expect(response.status == .forbidden)
            #expect(response.text.contains("dir=\"rtl\""))
            #expect(response.text.contains(app.himaya.catalogues["ar"].text("error_csrf")))
            #expect(browser.cookies["himaya_session"] == nil)
            #expect(try await app.himaya.store.audit.latest(limit: 100).count == before)
        }
    }

    @Test("a token that does not match the cookie is refused")
    func wrongToken() async throws {
        try await TestApp.with { app, client in
            let totp = try await app.addStaff("amina", role: .responder)
            var browser = Browser()
            _ = try await browser.get(client: client, path: "/staff/sign-in")
            let response = try await browser.post(
                client: client, path: "/staff/sign-in",
                form: ["csrf_token": "forged", "username": "amina", "password": TestApp.password, "code": totp.code(at: Date())])
            #expect(response.status == .forbidden)
        }
    }

    @Test("a form posted with no cookie at all is refused")
    func noCookie() async throws {
        try await TestApp.with { _, client in
            var browser = Browser()
            let response = try await browser.post(
                client: client, path: "/staff/sign-in", form: ["csrf_token": "anything", "username": "a", "password": "b", "code": "1"])
            #expect(response.status == .forbidden)
        }
    }

    @Test("a malformed form body is a clear 400")
    func malformedForm() async throws {
        try await TestApp.with { app, client in
            var browser = Browser()
            let token = try await browser.formToken(client: client, path: "/staff/sign-in")
            let response = try await client.execute(
                uri: "/staff/sign-in?lang=en", method: .post,
                headers: [.contentType: "application/x-www-form-urlencoded", .cookie: browser.cookieHeader],
                body: ByteBuffer(string: "csrf_token=\(token)&username=%ZZ%"))
            // The token cannot be read from a body that does not parse, so the form is refused before any handler.
            #expect(response.status == .forbidden || response.status == .badRequest)
            #expect(try await app.auditCount("staff.sign_in_failed") == 0)
        }
    }

    @Test("an oversized body is refused with a 413 page, and nothing is recorded")
    func oversizedBody() async throws {
        try await TestApp.with { app, client in
            var browser = Browser()
            let token = try await browser.formToken(client: client, path: "/staff/sign-in")
            let huge = String(repeating: "a", count: 200_000)
            let response = try await browser.post(
                client: client, path: "/staff/sign-in?lang=fr",
                form: ["csrf_token": token, "username": "amina", "password": huge, "code": "1"])
            #expect(response.status == .contentTooLarge)
            #expect(response.text.contains(app.himaya.catalogues["fr"].text("error_too_large").replacingOccurrences(of: "'", with: "&#39;")) || response.text.contains("id=\"error-message\""))
            #expect(try await app.auditCount("staff.sign_in_failed") == 0)
        }
    }

    @Test("an API call with an unknown language gets a JSON error")
    func apiUnknownLanguage() async throws {
        try await TestApp.with { app, client in
            let response = try await client.execute(uri: "/api/v1/languages?lang=zz", method: .get, headers: [.acceptLanguage: "es"])
            #expect(response.status == .badRequest)
            let body = try JSONDecoder().decode([String: [String: String]].self, from: Data(response.text.utf8))
            #expect(body["error"]?["code"] == "unknown_language")
            #expect(body["error"]?["message"] == app.himaya.catalogues["es"].text("error_unknown_language", ["code": "zz"]))
        }
    }

    @Test("an unknown API route is a JSON 404")
    func apiNotFound() async throws {
        try await TestApp.with { _, client in
            let response = try await client.execute(uri: "/api/v1/nothing", method: .get)
            #expect(response.status == .notFound)
            #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
        }
    }

    @Test("an API path asked with a method it does not take is a 405 naming the allowed methods")
    func apiMethodNotAllowed() async throws {
        try await TestApp.with { _, client in
            let response = try await client.execute(uri: "/api/v1/status", method: .delete)
            #expect(response.status == .methodNotAllowed)
            #expect(response.headers[.allow] == "GET")
        }
    }
}
