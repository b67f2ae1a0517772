import HTTPTypes
import HimayaTestSupport
import Logging
import HimayaStore
import Foundation
import HimayaCore
import HimayaServer
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Privacy of logs and storage")
struct PrivacyTests {
    static let canaryAddress = "198.51.100.23"
    static let canaryAgent = "CanaryBrowser/9.9 (tracking-test)"

    @Test("no IP address, user agent, username or password reaches the logs or the database")
    func nothingIdentifying() async throws {
        try await TestApp.with { app, client in
            let totp = try await app.addStaff("amina.canary", role: .admin)
            let identifying: HTTPFields = [
                .userAgent: Self.canaryAgent, HTTPField.Name("X-Forwarded-For")!: Self.canaryAddress,
                HTTPField.Name("X-Real-IP")!: Self.canaryAddress, HTTPField.Name("Forwarded")!: "for=\(Self.canaryAddress)",
            ]
            var browser = Browser()
            let token = try await browser.formToken(client: client, path: "/staff/sign-in")
            for path in ["/", "/?lang=ar", "/nowhere", "/api/v1/status", "/staff"] {
                _ = try await browser.get(client: client, path: path, headers: identifying)
            }
            _ = try await browser.post(
                client: client, path: "/staff/sign-in",
                form: ["csrf_token": token, "username": "amina.canary", "password": "wrong-password-canary", "code": "000000"],
                headers: identifying)
            _ = try await browser.post(
                client: client, path: "/staff/sign-in",
                form: ["csrf_token": token, "username": "amina.canary", "password": TestApp.password, "code": totp.code(at: Date())],
                headers: identifying)
            _ = try await browser.get(client: client, path: "/audit", headers: identifying)

            let logs = app.logs.text
            #expect(logs.contains("request"), "the test must have captured request logs")
            let stored = try await app.database.allStoredText()
            for secret in [Self.canaryAddress, "CanaryBrowser", "amina.canary", "wrong-password-canary", TestApp.password] {
                #expect(!logs.contains(secret), "the logs contain \(secret)")
            }
            for secret in [Self.canaryAddress, "CanaryBrowser", "wrong-password-canary", TestApp.password] {
                #expect(!stored.contains(secret), "the database contains \(secret)")
            }
        }
    }
}
