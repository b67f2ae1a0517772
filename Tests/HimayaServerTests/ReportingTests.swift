import SQLKit
import Foundation
import HimayaCore
import HimayaServer
import HimayaStore
import HimayaTestSupport
import Hummingbird
import HummingbirdTesting
import Testing

/// A small JPEG-shaped file whose EXIF block names a place and a phone.
let photoWithGPS: [UInt8] = {
    func segment(_ marker: UInt8, _ payload: [UInt8]) -> [UInt8] {
        [0xFF, marker, UInt8((payload.count + 2) >> 8), UInt8((payload.count + 2) & 0xFF)] + payload
    }
    return [0xFF, 0xD8] + segment(0xE0, Array("JFIF\0".utf8) + [1, 1, 0, 0, 1, 0, 1, 0, 0])
        + segment(0xE1, Array("Exif\0\0GPSLatitude 30.04;Model PhoneX".utf8))
        + segment(0xDB, [0] + Array(repeating: 1, count: 64)) + segment(0xDA, [1, 1, 0, 0, 63, 0]) + [0x12, 0x34, 0xFF, 0xD9]
}()

@Suite("Reporting through the web form")
struct ReportingTests {
    func validFields(token: String, narrative: String = "Un compte a publié mon adresse et dit que des accidents arrivent.") -> [(String, String)] {
        [("csrf_token", token), ("category", "veiled_threat"), ("immediate_danger", "no"), ("reporter_is_target", "yes"),
         ("target_account", "@awa"), ("country", "SN"), ("narrative", narrative),
         ("content_references", "https://platform.example/p/77"), ("contact_method", "follow_up_only")]
    }

    @Test("the form asks about immediate danger first, in the visitor's language")
    func dangerFirst() async throws {
        try await TestApp.with { app, client in
            let page = try await client.execute(uri: "/report?lang=ar", method: .get).text
            #expect(page.contains("dir=\"rtl\""))
            #expect(page.contains(app.himaya.catalogues["ar"].text("report_danger_question")))
            #expect(page.contains("name=\"danger\""))
        }
    }

    @Test("a person in danger sees what to do now, with local emergency numbers, before the form")
    func guidanceBeforeForm() async throws {
        try await TestApp.with { _, client in
            let page = try await client.execute(uri: "/report/details?danger=yes&country=EG&lang=en", method: .get).text
            let guidance = try #require(page.range(of: "id=\"guidance-title\""))
            let form = try #require(page.range(of: "<form method=\"post\" action=\"/report"))
            #expect(guidance.lowerBound < form.lowerBound)
            #expect(page.contains(">122<"))
        }
    }

    @Test("a country without its own guidance gets the generic steps")
    func genericGuidance() async throws {
        try await TestApp.with { _, client in
            let page = try await client.execute(uri: "/report/details?danger=yes&country=ZZ&lang=es", method: .get).text
            #expect(page.contains("id=\"guidance-title\""))
        }
    }

    @Test("an accepted report shows a receipt code once and when to expect an answer, and is stored")
    func accepted() async throws {
        try await TestApp.with { app, client in
            var browser = Browser()
            let token = try await browser.formToken(client: client, path: "/report/details?lang=fr")
            let response = try await browser.postMultipart(
                client: client, path: "/report?lang=fr", fields: validFields(token: token), files: [("files", "photo.jpg", photoWithGPS)])
            #expect(response.status == .ok)
            let page = response.text
            let code = String(try #require(page.firstMatch(of: /[0-9A-Z]{4}(-[0-9A-Z]{4}){4}/)).0)
            #expect(page.contains("id=\"first-answer\""))
            let followUp = try #require(try await app.himaya.store.reports.followUp(receipt: ReceiptCode(typed: code)!))
            #expect(followUp.caseFile.category == .veiledThreat)
            #expect(followUp.evidence.count == 1)
            #expect(followUp.evidence.first?.mediaType == .jpeg)
            #expect(try await app.auditCount("report.filed") == 1)
        }
    }

    @Test("the copy responders see has no location or device, the sealed original is kept as received")
    func evidenceRedacted() async throws {
        try await TestApp.with { app, client in
            var browser = Browser()
            let token = try await browser.formToken(client: client, path: "/report/details")
            _ = try await browser.postMultipart(client: client, path: "/report", fields: validFields(token: token), files: [("files", "photo.jpg", photoWithGPS)])
            let rows = try await app.himaya.store.source.withConnection { db in
                try await db.raw("SELECT id, sha256, original_sealed, redacted_sealed FROM evidence_files").all()
            }
            let row = try #require(rows.first)
            let id = try row.decode(column: "id", as: String.self)
            let original = try app.himaya.store.sealer.open(try row.decode(column: "original_sealed", as: String.self), context: "evidence_files.original:\(id)")
            let redacted = try app.himaya.store.sealer.open(try row.decode(column: "redacted_sealed", as: String.self), context: "evidence_files.redacted:\(id)")
            #expect(Array(original) == photoWithGPS)
            #expect(!String(decoding: redacted, as: UTF8.self).contains("GPS"))
            #expect(try row.decode(column: "sha256", as: String.self).count == 64)
        }
    }

    @Test("a form with mistakes comes back with everything typed, the files kept, and what to fix")
    func mistakesKeepEverything() async throws {
        try await TestApp.with { app, client in
            var browser = Browser()
            let token = try await browser.formToken(client: client, path: "/report/details?lang=es")
            var fields = validFields(token: token, narrative: "Texto que escribí con cuidado")
            fields.removeAll { $0.0 == "category" }
            let response = try await browser.postMultipart(client: client, path: "/report?lang=es", fields: fields, files: [("files", "captura.jpg", photoWithGPS)])
            #expect(response.status == .unprocessableContent)
            #expect(response.text.contains("Texto que escribí con cuidado"))
            #expect(response.text.contains(app.himaya.catalogues["es"].text("report_error_category")))
            #expect(response.text.contains("captura.jpg"))
            #expect(try await app.auditCount("report.filed") == 0)
            let range = try #require(response.text.range(of: #"name="kept_file" value="([^"]+)""#, options: .regularExpression))
            let kept = String(response.text[range].dropFirst(#"name="kept_file" value=""#.count).dropLast())
            var fixed = validFields(token: token)
            fixed.append(("kept_file", kept))
            let second = try await browser.postMultipart(client: client, path: "/report?lang=es", fields: fixed, files: [])
            #expect(second.status == .ok)
            let code = String(try #require(second.text.firstMatch(of: /[0-9A-Z]{4}(-[0-9A-Z]{4}){4}/)).0)
            #expect(try await app.himaya.store.reports.followUp(receipt: ReceiptCode(typed: code)!)?.evidence.map(\.name) == ["captura.jpg"])
        }
    }

    @Test("a file that lies about its type is refused by name, and nothing is stored")
    func lyingFile() async throws {
        try await TestApp.with { app, client in
            var browser = Browser()
            let token = try await browser.formToken(client: client, path: "/report/details?lang=en")
            let response = try await browser.postMultipart(
                client: client, path: "/report?lang=en", fields: validFields(token: token),
                files: [("files", "holiday.jpg", Array("<html><script>alert(1)</script></html>".utf8))])
            #expect(response.status == .unprocessableContent)
            #expect(response.text.contains("holiday.jpg is not an image"))
            #expect(try await app.auditCount("report.filed") == 0)
        }
    }

    @Test("a file over 10 MB is refused with a clear message")
    func largeFile() async throws {
        try await TestApp.with { _, client in
            var browser = Browser()
            let token = try await browser.formToken(client: client, path: "/report/details?lang=en")
            let big = photoWithGPS + [UInt8](repeating: 0, count: 10 * 1024 * 1024)
            let response = try await browser.postMultipart(client: client, path: "/report?lang=en", fields: validFields(token: token), files: [("files", "big.jpg", big)])
            #expect(response.status == .unprocessableContent)
            #expect(response.text.contains("big.jpg is larger than 10 MB"))
        }
    }

    @Test("a body over the upload limit is refused before it is read")
    func tooLarge() async throws {
        try await TestApp.with { app, client in
            var browser = Browser()
            let token = try await browser.formToken(client: client, path: "/report/details?lang=en")
            let huge = [UInt8](repeating: 0, count: 26 * 1024 * 1024)
            let response = try await browser.postMultipart(client: client, path: "/report?lang=en", fields: validFields(token: token), files: [("files", "huge.jpg", huge)])
            #expect(response.status == .contentTooLarge)
            #expect(try await app.auditCount("report.filed") == 0)
        }
    }

    @Test("a report form replayed without its token is refused and stores nothing")
    func replayWithoutToken() async throws {
        try await TestApp.with { app, client in
            var browser = Browser()
            _ = try await browser.formToken(client: client, path: "/report/details")
            var fields = validFields(token: "")
            fields.removeAll { $0.0 == "csrf_token" }
            let response = try await browser.postMultipart(client: client, path: "/report", fields: fields, files: [])
            #expect(response.status == .forbidden)
            #expect(try await app.auditCount("report.filed") == 0)
        }
    }

    @Test("two reports about the same account and post join one case")
    func duplicatesJoin() async throws {
        try await TestApp.with { app, client in
            var browser = Browser()
            let token = try await browser.formToken(client: client, path: "/report/details")
            _ = try await browser.postMultipart(client: client, path: "/report?lang=en", fields: validFields(token: token), files: [])
            let second = try await browser.postMultipart(client: client, path: "/report?lang=en", fields: validFields(token: token), files: [])
            #expect(second.text.contains(app.himaya.catalogues["en"].text("report_done_joined")))
        }
    }
}

@Suite("Reporting as a partner member")
struct PartnerFormTests {
    @Test("a signed-in partner member files for a defender under their organisation, and may mark it urgent")
    func partnerFiles() async throws {
        try await TestApp.with { app, client in
            let partner = Partner(name: "Réseau des Journalistes Libres", country: "SN", languages: ["fr"], kind: .pressFreedom, joinedAt: Date())
            try await app.himaya.store.partners.add(partner)
            let totp = try await app.addStaff("nadia", role: .partnerMember, partner: partner.id)
            var browser = try await app.signIn("nadia", totp: totp, client: client)
            let form = try await browser.get(client: client, path: "/report/details?lang=fr").text
            #expect(form.contains("id=\"filing-for\"") && form.contains("name=\"urgent\""))
            let token = try await browser.formToken(client: client, path: "/report/details?lang=fr")
            let response = try await browser.postMultipart(
                client: client, path: "/report?lang=fr",
                fields: [("csrf_token", token), ("category", "harassment"), ("country", "SN"), ("reporter_is_target", "no"),
                         ("narrative", "Campagne de harcèlement contre une journaliste."), ("contact_method", "through_partner"), ("urgent", "yes")],
                files: [])
            #expect(response.status == .ok)
            let reports = try await app.himaya.store.source.withConnection { db in
                try await db.raw("SELECT source, partner_id FROM reports").all()
            }
            #expect(try reports.first?.decode(column: "source", as: String.self) == "partner_form")
            #expect(try reports.first?.decode(column: "partner_id", as: String?.self) == partner.id.description)
            let cases = try await app.himaya.store.source.withConnection { db in try await db.raw("SELECT priority FROM cases").all() }
            // Harassment starts at P2; the partner's urgency raises it to P1.
            #expect(try cases.first?.decode(column: "priority", as: Int.self) == 1)
        }
    }

    @Test("an anonymous reporter cannot mark a report urgent")
    func anonymousUrgencyIgnored() async throws {
        try await TestApp.with { app, client in
            var browser = Browser()
            let token = try await browser.formToken(client: client, path: "/report/details")
            _ = try await browser.postMultipart(
                client: client, path: "/report",
                fields: [("csrf_token", token), ("category", "harassment"), ("country", "FR"), ("narrative", "x"), ("urgent", "yes")], files: [])
            let cases = try await app.himaya.store.source.withConnection { db in try await db.raw("SELECT priority FROM cases").all() }
            #expect(try cases.first?.decode(column: "priority", as: Int.self) == 2)
        }
    }
}

@Suite("Following a report")
struct FollowUpTests {
    /// Files a report through the form and returns its receipt code.
    func fileReport(_ client: some TestClientProtocol) async throws -> String {
        var browser = Browser()
        let token = try await browser.formToken(client: client, path: "/report/details")
        let page = try await browser.postMultipart(
            client: client, path: "/report?lang=en",
            fields: [("csrf_token", token), ("category", "doxxing"), ("country", "PE"), ("narrative", "My home address was posted."),
                     ("contact_method", "follow_up_only")],
            files: []).text
        return String(page[page.range(of: #"[0-9A-Z]{4}(-[0-9A-Z]{4}){4}"#, options: .regularExpression)!])
    }

    @Test("the receipt code opens the case, where the reporter can write to the team and add files")
    func followUp() async throws {
        try await TestApp.with { app, client in
            let code = try await fileReport(client)
            var browser = Browser()
            let token = try await browser.formToken(client: client, path: "/follow-up?lang=en")
            let opened = try await browser.post(client: client, path: "/follow-up?lang=en", form: ["csrf_token": token, "code": code.lowercased()])
            #expect(opened.status == .seeOther)
            let page = try await browser.get(client: client, path: "/follow-up/case?lang=en")
            #expect(page.status == .ok)
            #expect(page.text.contains(app.himaya.catalogues["en"].text("case_status_new")))
            let sent = try await browser.post(client: client, path: "/follow-up/messages?lang=en", form: ["csrf_token": token, "message": "Thank you, it got worse today."])
            #expect(sent.status == .seeOther)
            #expect(try await browser.get(client: client, path: "/follow-up/case?lang=en").text.contains("Thank you, it got worse today."))
            let added = try await browser.postMultipart(
                client: client, path: "/follow-up/evidence?lang=en", fields: [("csrf_token", token)], files: [("files", "later.jpg", photoWithGPS)])
            #expect(added.status == .seeOther)
            #expect(try await browser.get(client: client, path: "/follow-up/case?lang=en").text.contains("later.jpg"))
        }
    }

    @Test("a wrong code opens nothing and says so")
    func wrongCode() async throws {
        try await TestApp.with { _, client in
            var browser = Browser()
            let token = try await browser.formToken(client: client, path: "/follow-up?lang=en")
            let response = try await browser.post(client: client, path: "/follow-up?lang=en", form: ["csrf_token": token, "code": ReceiptCode.generate().description])
            #expect(response.status == .badRequest)
            #expect(response.text.contains("No report has this code"))
            #expect(try await browser.get(client: client, path: "/follow-up/case").status == .found)
        }
    }

    @Test("many wrong codes from one browser are slowed down")
    func rateLimited() async throws {
        try await TestApp.with { _, client in
            var browser = Browser()
            let token = try await browser.formToken(client: client, path: "/follow-up?lang=en")
            var statuses: [HTTPResponse.Status] = []
            for _ in 0..<7 {
                statuses.append(try await browser.post(client: client, path: "/follow-up?lang=en", form: ["csrf_token": token, "code": "AAAA-AAAA-AAAA-AAAA-AAAA"]).status)
            }
            #expect(statuses.prefix(5).allSatisfy { $0 == .badRequest })
            #expect(statuses.last == .tooManyRequests)
        }
    }

    @Test("leaving ends the follow-up session on this device")
    func leave() async throws {
        try await TestApp.with { _, client in
            let code = try await fileReport(client)
            var browser = Browser()
            let token = try await browser.formToken(client: client, path: "/follow-up")
            _ = try await browser.post(client: client, path: "/follow-up", form: ["csrf_token": token, "code": code])
            _ = try await browser.post(client: client, path: "/follow-up/leave", form: ["csrf_token": token])
            #expect(try await browser.get(client: client, path: "/follow-up/case").status == .found)
        }
    }
}
