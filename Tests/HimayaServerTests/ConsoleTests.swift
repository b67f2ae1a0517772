import Foundation
import HimayaCore
import HimayaServer
import HimayaStore
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Responder console")
struct ConsoleTests {
    /// Files a report with an image through the form; returns the receipt code.
    func fileReport(_ client: some TestClientProtocol, category: String = "veiled_threat", danger: String = "no", country: String = "SN") async throws -> String {
        var browser = Browser()
        let token = try await browser.formToken(client: client, path: "/report/details")
        let page = try await browser.postMultipart(
            client: client, path: "/report?lang=fr",
            fields: [("csrf_token", token), ("category", category), ("immediate_danger", danger), ("country", country),
                     ("attack_language", "fr"), ("narrative", "Ils connaissent l'école de mon fils."), ("contact_method", "follow_up_only")],
            files: [("files", "capture.jpg", photoWithGPS)]).text
        let range = try #require(page.range(of: #"[0-9A-Z]{4}(-[0-9A-Z]{4}){4}"#, options: .regularExpression), "no receipt in: \(page.prefix(3000))")
        return String(page[range])
    }

    func caseID(_ app: TestApp, code: String) async throws -> String {
        try #require(try await app.himaya.store.reports.followUp(receipt: ReceiptCode(typed: code)!)).caseFile.id.description
    }

    @Test("the queue shows the case in danger on top, with its deadline")
    func queueOrder() async throws {
        try await TestApp.with { app, client in
            _ = try await fileReport(client, category: "other")
            let urgent = try await caseID(app, code: try await fileReport(client, category: "harassment", danger: "yes"))
            let totp = try await app.addStaff("jean", role: .responder)
            var browser = try await app.signIn("jean", totp: totp, client: client)
            let page = try await browser.get(client: client, path: "/console?lang=en").text
            let first = try #require(page.range(of: "/console/cases/"))
            #expect(page[first.upperBound...].hasPrefix(urgent))
            #expect(page.contains("In danger now"))
            #expect(page.contains("due in"))
        }
    }

    @Test("a responder claims a case; a second claim is told someone else has it")
    func claim() async throws {
        try await TestApp.with { app, client in
            let id = try await caseID(app, code: try await fileReport(client))
            let jeanTOTP = try await app.addStaff("jean", role: .responder)
            let luciaTOTP = try await app.addStaff("lucia", role: .seniorResponder)
            var jean = try await app.signIn("jean", totp: jeanTOTP, client: client)
            var lucia = try await app.signIn("lucia", totp: luciaTOTP, client: client)
            let jeanToken = try await jean.formToken(client: client, path: "/staff")
            let luciaToken = try await lucia.formToken(client: client, path: "/staff")
            let first = try await jean.post(client: client, path: "/console/cases/\(id)/claim", form: ["csrf_token": jeanToken])
            let second = try await lucia.post(client: client, path: "/console/cases/\(id)/claim", form: ["csrf_token": luciaToken])
            #expect(first.headers[.location]?.contains("claimed=1") == true)
            #expect(second.headers[.location]?.contains("claimed=0") == true)
            #expect(try await jean.get(client: client, path: "/console/cases/\(id)?lang=en").text.contains("Test jean"))
        }
    }

    @Test("images stay hidden until chosen; opening one is audited and counted against the day's cap")
    func blurredEvidenceAndCap() async throws {
        try await TestApp.with { app, client in
            let id = try await caseID(app, code: try await fileReport(client))
            let totp = try await app.addStaff("jean", role: .responder)
            var jean = try await app.signIn("jean", totp: totp, client: client)
            let page = try await jean.get(client: client, path: "/console/cases/\(id)?lang=en").text
            #expect(page.contains("class=\"blurred\""))
            #expect(!page.contains("<img src=\"/console/evidence/"))
            let fileID = try #require(try await app.himaya.store.cases.evidence(in: Case.ID(id)!).first).id
            let shown = try await jean.get(client: client, path: "/console/cases/\(id)?lang=en&show=\(fileID)").text
            #expect(shown.contains("<img src=\"/console/evidence/\(fileID)\""))
            try await app.himaya.store.settings.set(SettingName.dailyGraphicCap, to: "1", by: "test")
            let image = try await jean.get(client: client, path: "/console/evidence/\(fileID)")
            #expect(image.status == .ok)
            #expect(image.headers[.contentType] == "image/jpeg")
            #expect(!String(decoding: Array(buffer: image.body), as: UTF8.self).contains("GPS"))
            #expect(try await jean.get(client: client, path: "/console/evidence/\(fileID)").status == .forbidden)
            #expect(try await app.auditCount("evidence.opened") == 1)
        }
    }

    @Test("a message from the console reaches the reporter's follow-up page, and the case counts as answered")
    func messageReachesReporter() async throws {
        try await TestApp.with { app, client in
            let code = try await fileReport(client)
            let id = try await caseID(app, code: code)
            let reportID = try #require(try await app.himaya.store.reports.followUp(receipt: ReceiptCode(typed: code)!)).reportID
            let totp = try await app.addStaff("jean", role: .responder)
            var jean = try await app.signIn("jean", totp: totp, client: client)
            let withTemplate = try await jean.get(client: client, path: "/console/cases/\(id)?lang=en&template=received").text
            #expect(withTemplate.contains(app.himaya.messageTemplates.templates(in: "fr").first!.body.replacingOccurrences(of: "'", with: "&#39;").prefix(20)))
            let token = try await jean.formToken(client: client, path: "/staff")
            let sent = try await jean.post(
                client: client, path: "/console/cases/\(id)/messages?lang=en",
                form: ["csrf_token": token, "report": reportID.description, "message": "Nous traitons votre signalement."])
            #expect(sent.status == .seeOther)
            var reporter = Browser()
            let reporterToken = try await reporter.formToken(client: client, path: "/follow-up")
            _ = try await reporter.post(client: client, path: "/follow-up", form: ["csrf_token": reporterToken, "code": code])
            let followUp = try await reporter.get(client: client, path: "/follow-up/case?lang=fr").text
            #expect(followUp.contains("Nous traitons votre signalement."))
            #expect(try await app.himaya.store.cases.entry(Case.ID(id)!)?.answered == true)
        }
    }

    @Test("an auditor reads the queue and cases but cannot act")
    func auditorReadsOnly() async throws {
        try await TestApp.with { app, client in
            let id = try await caseID(app, code: try await fileReport(client))
            let totp = try await app.addStaff("sara", role: .auditor)
            var sara = try await app.signIn("sara", totp: totp, client: client)
            #expect(try await sara.get(client: client, path: "/console/cases/\(id)?lang=en").status == .ok)
            let token = try await sara.formToken(client: client, path: "/staff")
            #expect(try await sara.post(client: client, path: "/console/cases/\(id)/claim", form: ["csrf_token": token]).status == .forbidden)
            #expect(try await sara.post(client: client, path: "/console/cases/\(id)/notes", form: ["csrf_token": token, "note": "x"]).status == .forbidden)
        }
    }

    @Test("a case in a language no responder on shift works in is flagged as a coverage gap, until one starts a shift")
    func coverageGap() async throws {
        try await TestApp.with { app, client in
            _ = try await fileReport(client)
            let totp = try await app.addStaff("amina", role: .protectionLead)
            var amina = try await app.signIn("amina", totp: totp, client: client)
            #expect(try await amina.get(client: client, path: "/console?lang=en").text.contains("No responder on shift works in fr"))
            // A French-speaking responder exists but is off shift: still a gap.
            let secret = TOTP.generateSecret()
            _ = try await StaffOnboarding(himaya: app.himaya).add(
                username: "hugo", displayName: "Hugo", role: .responder, languages: ["fr"], regions: ["global"],
                password: TestApp.password, partner: nil, totpSecret: secret)
            var hugo = try await app.signIn("hugo", totp: TOTP(secret: secret), client: client)
            #expect(try await amina.get(client: client, path: "/console?lang=en").text.contains("No responder on shift works in fr"))
            let token = try await hugo.formToken(client: client, path: "/staff")
            #expect(try await hugo.post(client: client, path: "/staff/shift", form: ["csrf_token": token, "hours": "9"]).status == .unprocessableContent)
            #expect(try await hugo.post(client: client, path: "/staff/shift", form: ["csrf_token": token, "hours": "8"]).status == .seeOther)
            #expect(try await hugo.get(client: client, path: "/staff?lang=en").text.contains("You are on shift for"))
            #expect(!(try await amina.get(client: client, path: "/console?lang=en").text.contains("No responder on shift works in fr")))
            _ = try await hugo.post(client: client, path: "/staff/shift/end", form: ["csrf_token": token])
            #expect(try await amina.get(client: client, path: "/console?lang=en").text.contains("No responder on shift works in fr"))
            // An auditor takes no shifts.
            let auditor = try await app.addStaff("sara", role: .auditor)
            var sara = try await app.signIn("sara", totp: auditor, client: client)
            let saraToken = try await sara.formToken(client: client, path: "/staff")
            #expect(try await sara.post(client: client, path: "/staff/shift", form: ["csrf_token": saraToken, "hours": "8"]).status == .forbidden)
        }
    }

    @Test("the protection lead sets the daily cap, and a bad value is refused")
    func wellbeingCap() async throws {
        try await TestApp.with { app, client in
            let totp = try await app.addStaff("amina", role: .protectionLead)
            var amina = try await app.signIn("amina", totp: totp, client: client)
            let token = try await amina.formToken(client: client, path: "/protection/wellbeing")
            #expect(try await amina.post(client: client, path: "/protection/wellbeing", form: ["csrf_token": token, "cap": "many"]).status == .unprocessableContent)
            #expect(try await amina.post(client: client, path: "/protection/wellbeing", form: ["csrf_token": token, "cap": "12"]).status == .seeOther)
            #expect(try await app.himaya.store.settings.value(SettingName.dailyGraphicCap) == "12")
        }
    }

    @Test("where the lead restricts it, a responder sees only cases in reach; a senior responder still sees all")
    func restrictedReach() async throws {
        try await TestApp.with { app, client in
            let id = try await caseID(app, code: try await fileReport(client, country: "SN"))
            try await app.himaya.store.settings.set(SettingName.restrictToReach, to: "yes", by: "test")
            let jeanTOTP = try await app.addStaff("jean", role: .responder)
            let luciaTOTP = try await app.addStaff("lucia", role: .seniorResponder)
            var jean = try await app.signIn("jean", totp: jeanTOTP, client: client)
            var lucia = try await app.signIn("lucia", totp: luciaTOTP, client: client)
            // Test staff cover "global" unless told otherwise: jean reaches every case.
            #expect(try await jean.get(client: client, path: "/console/cases/\(id)?lang=en").status == .ok)
            let nadiaTOTP = try await app.addStaff("nadia", role: .responder, regions: ["LATAM"])
            var nadia = try await app.signIn("nadia", totp: nadiaTOTP, client: client)
            #expect(!(try await nadia.get(client: client, path: "/console?lang=en").text.contains("/console/cases/\(id)")))
            #expect(try await nadia.get(client: client, path: "/console/cases/\(id)?lang=en").status == .forbidden)
            #expect(try await lucia.get(client: client, path: "/console/cases/\(id)?lang=en").status == .ok)
        }
    }

    @Test("a senior responder gives a case to a colleague; a responder cannot")
    func assignment() async throws {
        try await TestApp.with { app, client in
            let id = try await caseID(app, code: try await fileReport(client))
            let luciaTOTP = try await app.addStaff("lucia", role: .seniorResponder)
            let jeanTOTP = try await app.addStaff("jean", role: .responder)
            let jeanID = try await app.himaya.store.staff.account(username: "jean")!.0.id
            var lucia = try await app.signIn("lucia", totp: luciaTOTP, client: client)
            var jean = try await app.signIn("jean", totp: jeanTOTP, client: client)
            let luciaToken = try await lucia.formToken(client: client, path: "/staff")
            let jeanToken = try await jean.formToken(client: client, path: "/staff")
            #expect(try await jean.post(client: client, path: "/console/cases/\(id)/assign", form: ["csrf_token": jeanToken, "staff": jeanID.description]).status == .forbidden)
            #expect(try await lucia.post(client: client, path: "/console/cases/\(id)/assign", form: ["csrf_token": luciaToken, "staff": jeanID.description]).status == .seeOther)
            #expect(try await app.himaya.store.cases.entry(Case.ID(id)!)?.assignee == jeanID)
        }
    }

    @Test("the case page shows the risk tier of an enrolled defender who is attacked")
    func defenderContext() async throws {
        try await TestApp.with { app, client in
            let defender = Defender(displayName: "Awa", country: "SN", languages: ["fr"], activity: .journalist, riskTier: .high, enrolledAt: Date())
            try await app.himaya.store.defenders.enrol(defender)
            try await app.himaya.store.defenders.link(account: "@awa", to: defender.id)
            var reporter = Browser()
            let token = try await reporter.formToken(client: client, path: "/report/details")
            let page = try await reporter.postMultipart(
                client: client, path: "/report?lang=fr",
                fields: [("csrf_token", token), ("category", "doxxing"), ("country", "SN"), ("target_account", "@awa"), ("narrative", "x")],
                files: []).text
            let code = String(page[try #require(page.range(of: #"[0-9A-Z]{4}(-[0-9A-Z]{4}){4}"#, options: .regularExpression))])
            let id = try await caseID(app, code: code)
            let totp = try await app.addStaff("jean", role: .responder)
            var jean = try await app.signIn("jean", totp: totp, client: client)
            #expect(try await jean.get(client: client, path: "/console/cases/\(id)?lang=en").text.contains("risk tier high"))
        }
    }

    @Test("the region filter keeps the cases of that region's countries")
    func regionFilter() async throws {
        try await TestApp.with { app, client in
            let senegal = try await caseID(app, code: try await fileReport(client, country: "SN"))
            let peru = try await caseID(app, code: try await fileReport(client, country: "PE"))
            let totp = try await app.addStaff("jean", role: .responder)
            var jean = try await app.signIn("jean", totp: totp, client: client)
            let page = try await jean.get(client: client, path: "/console?lang=en&region=LATAM").text
            #expect(page.contains("/console/cases/\(peru)"))
            #expect(!page.contains("/console/cases/\(senegal)"))
        }
    }

    @Test("the case page says in words which factors set the priority")
    func readableFactors() async throws {
        try await TestApp.with { app, client in
            let id = try await caseID(app, code: try await fileReport(client, category: "harassment", danger: "yes"))
            let totp = try await app.addStaff("jean", role: .responder)
            var jean = try await app.signIn("jean", totp: totp, client: client)
            let page = try await jean.get(client: client, path: "/console/cases/\(id)?lang=en").text
            #expect(page.contains("Harassment or a pile-on: starts at P2"))
            #expect(page.contains("Someone is in immediate danger: P0"))
            #expect(!page.contains("category:harassment"))
        }
    }
}
