import Foundation
import HimayaServer
import HimayaCore
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Safety guides and where to get help")
struct SafetyTests {
    @Test("every guide exists in English, French, Arabic and Spanish, with a title and a body")
    func allLanguages() {
        let library = SafetyLibrary.bundled
        for language in ["en", "fr", "ar", "es"] {
            let guides = library.guides[language] ?? []
            #expect(guides.map(\.slug) == SafetyLibrary.order, "\(language)")
            for guide in guides {
                #expect(!guide.title.isEmpty && guide.html.contains("<ol>"), "\(language)/\(guide.slug)")
            }
        }
    }

    @Test("every service names known kinds, an https address, country codes and a line in each language")
    func servicesAreWellFormed() {
        let services = SafetyLibrary.bundled.services
        #expect(services.count >= 5)
        for service in services {
            #expect(!service.kinds.isEmpty && service.kinds.allSatisfy(SafetyLibrary.kinds.contains), "\(service.name)")
            #expect(service.url.hasPrefix("https://"), "\(service.name)")
            #expect(service.countries.allSatisfy { $0 == "*" || ($0.count == 2 && $0 == $0.uppercased()) }, "\(service.name)")
            #expect(Set(service.about.keys).isSuperset(of: ["en", "fr", "ar", "es"]), "\(service.name)")
        }
        // Each kind of help the page offers has at least one service somewhere.
        for kind in SafetyLibrary.kinds {
            #expect(!SafetyLibrary.bundled.services(country: nil, kind: kind, language: "en").isEmpty, "\(kind)")
        }
    }

    @Test("the guides page lists every guide in the reader's language, with the quick exit")
    func index() async throws {
        try await TestApp.with { _, client in
            let page = try await client.execute(uri: "/safety?lang=ar", method: .get).text
            #expect(page.contains("dir=\"rtl\""))
            #expect(page.contains("/safety/doxxing?lang=ar") && page.contains("إذا نُشرت بياناتك الشخصية"))
            #expect(page.contains("class=\"quick-exit\"") && page.contains("غادر الموقع الآن"))
        }
    }

    @Test("a guide renders from its Markdown, and an unknown one is a 404 in the reader's language")
    func guide() async throws {
        try await TestApp.with { _, client in
            let page = try await client.execute(uri: "/safety/doxxing?lang=fr", method: .get).text
            #expect(page.contains("<h1>Si vos données personnelles ont été publiées (doxxing)</h1>"))
            #expect(page.contains("<strong>Ne répondez pas aux attaquants.</strong>") || page.contains("<strong>Ne répondez pas aux attaquants</strong>"))
            let missing = try await client.execute(uri: "/safety/nothing-here?lang=es", method: .get)
            #expect(missing.status == .notFound)
        }
    }

    @Test("help is filtered by country and kind, services in the reader's language first")
    func help() async throws {
        try await TestApp.with { _, client in
            let peru = try await client.execute(uri: "/safety/help?lang=es&country=PE&kind=legal", method: .get).text
            #expect(peru.contains("Derechos Digitales") && peru.contains("Media Defence"))
            #expect(!peru.contains("SMEX"))
            let lebanon = try await client.execute(uri: "/safety/help?lang=ar&country=LB&kind=helpline", method: .get).text
            #expect(lebanon.contains("SMEX") && !lebanon.contains("Derechos Digitales"))
            // A bad filter is ignored, not an error.
            #expect(try await client.execute(uri: "/safety/help?lang=en&country=<x>&kind=spells", method: .get).status == .ok)
        }
    }

    @Test("staff pages carry no quick exit")
    func staffNoQuickExit() async throws {
        try await TestApp.with { app, client in
            let totp = try await app.addStaff("jean", role: .responder)
            var browser = try await app.signIn("jean", totp: totp, client: client)
            #expect(!(try await browser.get(client: client, path: "/staff?lang=en").text.contains("quick-exit")))
        }
    }
}
