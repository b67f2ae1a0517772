import HTTPTypes
import HimayaTestSupport
import HimayaCore
import Logging
import HimayaStore
import Foundation
import HimayaServer
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Pages and languages")
struct PagesTests {
    @Test("the home page speaks each language, with its direction", arguments: [
        ("en", "ltr", "Help when you are attacked online"), ("fr", "ltr", "lang=\"fr\""), ("ar", "rtl", "حماية"),
        ("es", "ltr", "lang=\"es\""),
    ])
    func homeInEachLanguage(code: String, direction: String, expected: String) async throws {
        try await TestApp.with { _, client in
            let response = try await client.execute(uri: "/?lang=\(code)", method: .get)
            #expect(response.status == .ok)
            #expect(response.text.contains("<html lang=\"\(code)\" dir=\"\(direction)\">"))
            #expect(response.text.contains(expected))
        }
    }

    @Test("the home page points a defender to report, follow-up, safety, policy and transparency")
    func homeLinks() async throws {
        try await TestApp.with { _, client in
            let page = try await client.execute(uri: "/?lang=en", method: .get).text
            for path in ["/report", "/follow-up", "/safety", "/policy", "/transparency"] {
                #expect(page.contains("href=\"\(path)?lang=en\""))
            }
            #expect(page.contains("class=\"skip-link\" href=\"#main\""))
            #expect(page.contains("<main id=\"main\""))
        }
    }

    @Test("the language switcher is a list of links to the same page")
    func switcherLinks() async throws {
        try await TestApp.with { _, client in
            let page = try await client.execute(uri: "/staff/sign-in?lang=fr", method: .get).text
            for code in ["en", "fr", "ar", "es"] {
                #expect(page.contains("href=\"/staff/sign-in?lang=\(code)\" hreflang=\"\(code)\""))
            }
        }
    }

    @Test("a chosen language is remembered in a cookie")
    func chosenLanguageRemembered() async throws {
        try await TestApp.with { _, client in
            var browser = Browser()
            _ = try await browser.get(client: client, path: "/?lang=es")
            #expect(browser.cookies["himaya_lang"] == "es")
            let page = try await browser.get(client: client, path: "/", headers: [.acceptLanguage: "fr"]).text
            #expect(page.contains("<html lang=\"es\""))
        }
    }

    @Test("without a choice the browser's Accept-Language decides")
    func acceptLanguage() async throws {
        try await TestApp.with { _, client in
            let page = try await client.execute(uri: "/", method: .get, headers: [.acceptLanguage: "ar-EG,ar;q=0.9,en;q=0.5"]).text
            #expect(page.contains("<html lang=\"ar\" dir=\"rtl\">"))
        }
    }

    @Test("an unknown language gets an error page in the visitor's language, listing the choices")
    func unknownLanguagePage() async throws {
        try await TestApp.with { app, client in
            let response = try await client.execute(uri: "/?lang=xx", method: .get, headers: [.acceptLanguage: "fr"])
            #expect(response.status == .badRequest)
            #expect(response.text.contains("<html lang=\"fr\""))
            #expect(response.text.contains(app.himaya.catalogues["fr"].text("error_unknown_language", ["code": "xx"])))
            #expect(response.text.contains("hreflang=\"ar\""))
        }
    }

    @Test("an unknown page is a 404 in the visitor's language")
    func notFoundPage() async throws {
        try await TestApp.with { _, client in
            let response = try await client.execute(uri: "/nowhere", method: .get, headers: [.acceptLanguage: "es"])
            #expect(response.status == .notFound)
            #expect(response.text.contains("<html lang=\"es\""))
            #expect(response.text.contains("id=\"error-message\""))
        }
    }

    @Test("every response carries the security headers")
    func securityHeaders() async throws {
        try await TestApp.with { _, client in
            for path in ["/", "/nowhere", "/api/v1/status", "/static/himaya.css"] {
                let response = try await client.execute(uri: path, method: .get)
                let policy = response.headers[.contentSecurityPolicy] ?? ""
                #expect(policy.contains("frame-ancestors 'none'"))
                #expect(!policy.contains("script-src"))
                #expect(policy.contains("default-src 'none'"))
                #expect(response.headers[HTTPField.Name("Referrer-Policy")!] == "no-referrer")
                #expect(response.headers[.xContentTypeOptions] == "nosniff")
            }
        }
    }

    @Test("pages load nothing from other sites and run no script")
    func selfContained() async throws {
        try await TestApp.with { _, client in
            for path in ["/?lang=ar", "/staff/sign-in"] {
                let page = try await client.execute(uri: path, method: .get).text
                #expect(!page.contains("<script"))
                // No image, style, font or frame from elsewhere; the quick-exit link leaves, it loads nothing.
                #expect(!page.contains("src=\"http") && !page.contains("stylesheet\" href=\"http") && !page.contains("<iframe"))
                #expect(page.components(separatedBy: "https://").count - 1 == 1 && page.contains("<a href=\"https://www.wikipedia.org/\""))
            }
        }
    }

    @Test("the stylesheet is served")
    func stylesheet() async throws {
        try await TestApp.with { _, client in
            let response = try await client.execute(uri: "/static/himaya.css", method: .get)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "text/css; charset=utf-8")
        }
    }
}
