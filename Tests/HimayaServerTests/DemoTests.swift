import HimayaTestSupport
import Hummingbird
import HummingbirdTesting
import Logging
import HimayaStore
import Foundation
import HimayaCore
import HimayaServer
import Testing

@Suite("Demo data")
struct DemoTests {
    @Test("the demo loads staff in every role, defenders and partners, and its sign-ins work")
    func demoLoads() async throws {
        try await TestApp.with { app, client in
            let signIns = try await DemoData(himaya: app.himaya).load()
            #expect(Set(signIns.map(\.role)) == Set(StaffRole.allCases))
            #expect(try await app.himaya.store.defenders.count() == 6)
            #expect(try await app.himaya.store.partners.all().count == 4)
            let admin = signIns.first { $0.role == .admin }!
            var browser = Browser()
            let token = try await browser.formToken(client: client, path: "/staff/sign-in")
            let response = try await browser.post(
                client: client, path: "/staff/sign-in",
                form: [
                    "csrf_token": token, "username": admin.username, "password": DemoData.password,
                    "code": TOTP(secret: Base32.decode(admin.totpSecret)!).code(at: Date()),
                ])
            #expect(response.status == .seeOther)
        }
    }

    @Test("the demo sign-in lines have the documented shape")
    func lineShape() {
        #expect(DemoData.signIns.allSatisfy {
            $0.line.hasPrefix("demo staff: username=\($0.username) role=\($0.role.rawValue) password=\(DemoData.password) totp=")
        })
    }
}
