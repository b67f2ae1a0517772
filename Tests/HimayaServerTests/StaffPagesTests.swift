import Foundation
import HimayaCore
import HimayaServer
import HimayaStore
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Staff pages")
struct StaffPagesTests {
    @Test("the audit page shows the chain's verification and the latest entries")
    func auditPage() async throws {
        try await TestApp.with { app, client in
            let totp = try await app.addStaff("sara", role: .auditor)
            var browser = try await app.signIn("sara", totp: totp, client: client)
            let page = try await browser.get(client: client, path: "/audit?lang=en").text
            #expect(page.contains("The chain is intact"))
            #expect(page.contains("staff.signed_in"))
        }
    }

    @Test("the staff list shows each account's role and whether it is locked")
    func staffList() async throws {
        try await TestApp.with { app, client in
            let totp = try await app.addStaff("omar", role: .admin)
            _ = try await app.addStaff("jean", role: .responder)
            var browser = try await app.signIn("omar", totp: totp, client: client)
            let page = try await browser.get(client: client, path: "/admin/staff?lang=en").text
            #expect(page.contains(">jean<") && page.contains(">omar<"))
            #expect(page.contains("Responder") && page.contains("Administrator"))
        }
    }

    @Test("the staff page links only to the areas the role may enter")
    func areasByRole() async throws {
        try await TestApp.with { app, client in
            let totp = try await app.addStaff("sara", role: .auditor)
            var browser = try await app.signIn("sara", totp: totp, client: client)
            let page = try await browser.get(client: client, path: "/staff?lang=en").text
            #expect(page.contains("href=\"/audit?lang=en\""))
            #expect(!page.contains("href=\"/admin/staff"))
        }
    }
}

@Suite("Page sections")
struct PageSectionTests {
    @Test("an empty notice shows no notice box")
    func noEmptyNotice() async throws {
        try await TestApp.with { app, client in
            let totp = try await app.addStaff("amina", role: .protectionLead)
            var amina = try await app.signIn("amina", totp: totp, client: client)
            for path in ["/console?lang=en", "/protection/wellbeing?lang=en"] {
                let page = try await amina.get(client: client, path: path).text
                #expect(!page.contains(#"<div class="notice ok" role="status"><p></p></div>"#), "\(path)")
            }
        }
    }
}
