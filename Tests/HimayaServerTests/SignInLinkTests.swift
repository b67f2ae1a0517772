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

/// A clock the test moves forward.
final class MovableClock: Sendable {
    private let current: Mutex<Date>
    init(_ start: Date) { current = Mutex(start) }
    func advance(by seconds: TimeInterval) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
    var wall: WallClock { WallClock { [self] in current.withLock { $0 } } }
}

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
}
