import HimayaTestSupport
import Logging
import HimayaStore
import Foundation
import HimayaCore
import HimayaServer
import Hummingbird
import HummingbirdTesting
import Testing

/// Who may open which route: one table of role x route, checked against the running router.
@Suite("Role access to every route")
struct RoleAccessTests {
    /// nil role: not signed in. Expected status for GET.
    static let routes: [(path: String, anonymous: Int, responder: Int, senior: Int, lead: Int, admin: Int, auditor: Int, partner: Int)] = [
        ("/", 200, 200, 200, 200, 200, 200, 200),
        ("/staff/sign-in", 200, 302, 302, 302, 302, 302, 302),
        ("/staff", 302, 200, 200, 200, 200, 200, 200),
        ("/admin/staff", 302, 403, 403, 403, 200, 403, 403),
        ("/audit", 302, 403, 403, 403, 200, 200, 403),
        ("/report", 200, 200, 200, 200, 200, 200, 200),
        ("/report/details", 200, 200, 200, 200, 200, 200, 200),
        ("/follow-up", 200, 200, 200, 200, 200, 200, 200),
        ("/safety", 200, 200, 200, 200, 200, 200, 200),
        ("/me/sign-up", 200, 200, 200, 200, 200, 200, 200),
        ("/me", 303, 303, 303, 303, 303, 303, 303),
        ("/safety/help", 200, 200, 200, 200, 200, 200, 200),
        ("/follow-up/case", 302, 302, 302, 302, 302, 302, 302),
        ("/console", 302, 200, 200, 200, 403, 200, 403),
        ("/console/reviews", 302, 200, 200, 200, 403, 200, 403),
        ("/protection/wellbeing", 302, 403, 403, 200, 403, 403, 403),
        ("/healthz", 200, 200, 200, 200, 200, 200, 200),
        ("/readyz", 200, 200, 200, 200, 200, 200, 200),
        ("/metrics", 200, 200, 200, 200, 200, 200, 200),
        ("/api/v1/openapi.yaml", 200, 200, 200, 200, 200, 200, 200),
        ("/api/v1/status", 200, 200, 200, 200, 200, 200, 200),
        ("/api/v1/languages", 200, 200, 200, 200, 200, 200, 200),
        ("/static/himaya.css", 200, 200, 200, 200, 200, 200, 200),
    ]

    @Test("every role gets the expected answer on every route")
    func table() async throws {
        try await TestApp.with { app, client in
            let roles: [StaffRole] = [.responder, .seniorResponder, .protectionLead, .admin, .auditor, .partnerMember]
            let partner = Partner(name: "Test partner", country: "SN", languages: ["fr"], kind: .ngo, joinedAt: Date())
            try await app.himaya.store.partners.add(partner)
            var browsers: [StaffRole: Browser] = [:]
            for role in roles {
                let username = role.rawValue.replacingOccurrences(of: "_", with: "-")
                let totp = try await app.addStaff(username, role: role, partner: role == .partnerMember ? partner.id : nil)
                browsers[role] = try await app.signIn(username, totp: totp, client: client)
            }
            for route in Self.routes {
                var anonymous = Browser()
                #expect(
                    Int(try await anonymous.get(client: client, path: route.path).status.code) == route.anonymous,
                    "anonymous \(route.path)")
                let expected: [StaffRole: Int] = [
                    .responder: route.responder, .seniorResponder: route.senior, .protectionLead: route.lead,
                    .admin: route.admin, .auditor: route.auditor, .partnerMember: route.partner,
                ]
                for role in roles {
                    var browser = browsers[role]!
                    let status = Int(try await browser.get(client: client, path: route.path).status.code)
                    #expect(status == expected[role], "\(role.rawValue) \(route.path)")
                }
            }
        }
    }

    @Test("a signed-out visitor is sent to sign in, in their language")
    func redirectToSignIn() async throws {
        try await TestApp.with { _, client in
            let response = try await client.execute(uri: "/audit?lang=ar", method: .get)
            #expect(response.headers[.location] == "/staff/sign-in?lang=ar")
        }
    }
}
