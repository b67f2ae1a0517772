import Foundation
import HimayaCore
import HimayaDetection
import HimayaServer
import HimayaStore
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SQLKit
import HimayaTestSupport
import Testing

@Suite("Scanning text for attacks on protected people")
struct TextScanTests {
    let scanning = ScanAPITests()

    /// Enrols a Spanish-speaking journalist with an account, consenting to mention detection and alerts.
    func enrolDefender(
        _ app: TestApp, consents: [ConsentPurpose] = [.mentionDetection, .alerts], country: String = "PE", riskTier: RiskTier = .high
    ) async throws -> Defender {
        let defender = Defender(displayName: "Rocío Quispe", country: country, languages: ["es"], activity: .journalist, riskTier: riskTier, enrolledAt: Date())
        try await app.himaya.store.defenders.enrol(defender)
        try await app.himaya.store.defenders.link(account: "acct-rocio", to: defender.id)
        for purpose in consents {
            try await app.himaya.recordConsent(purpose, granted: true, for: defender.id, by: "platform:test")
        }
        return defender
    }

    func scan(_ client: some TestClientProtocol, key: String, items: String) async throws -> [[String: Any]] {
        let response = try await scanning.call(client, .post, "/api/v1/content/scan", key: key, body: #"{"items": [\#(items)]}"#)
        #expect(response.status == .ok, "\(response.text)")
        return try #require(try scanning.json(response)["items"] as? [[String: Any]])
    }

    func item(_ id: String, text: String, author: String = "u-1", mentions: String = "[]", authorName: String? = nil) -> String {
        let name = authorName.map { #", "authorName": "\#($0)""# } ?? ""
        return #"{"id": "\#(id)", "authorId": "\#(author)", "text": "\#(text)", "languageHint": "es", "mentions": \#(mentions)\#(name)}"#
    }

    func alerts(_ app: TestApp, _ defender: Defender) async throws -> [[String: String]] {
        try await app.himaya.store.outbox.messagesWithPayloads(about: "defender:\(defender.id)").filter { $0.0.kind == .alertCreated }.map {
            try JSONSerialization.jsonObject(with: $0.1) as? [String: String] ?? [:]
        }
    }

    @Test("a veiled threat in Spanish against an enrolled defender opens a case with its explanation and queues the alert")
    func veiledThreatInSpanish() async throws {
        try await TestApp.with { app, client in
            let key = try await scanning.platformKey(app)
            let defender = try await enrolDefender(app)
            let items = try await scan(client, key: key, items: [
                item("post-1", text: "Qué día tan bonito en Lima"),
                item("post-2", text: "Rocío Quispe, sabemos dónde vives. Cuídate.", author: "u-2"),
            ].joined(separator: ","))
            #expect((items[0]["signals"] as? [[String: Any]])?.isEmpty == true)
            #expect(items[0]["caseReference"] == nil)

            let signals = try #require(items[1]["signals"] as? [[String: Any]])
            let threat = try #require(signals.first { $0["label"] as? String == "threat" })
            #expect(threat["kind"] as? String == "veiled_threat")
            #expect((threat["rule"] as? String)?.hasPrefix("es.") == true)
            let span = try #require((threat["spans"] as? [[String: Any]])?.first)
            #expect((span["text"] as? String)?.lowercased().contains("sabemos") == true)
            #expect(signals.contains { $0["label"] as? String == "mention" })

            let reference = try #require(items[1]["caseReference"] as? String)
            let opened = try #require(try await scanning.caseFile(app, reference: reference))
            #expect(opened.category == .veiledThreat)
            #expect(opened.country == "PE")
            #expect(opened.priorityFactors.contains("risk_tier:high"))
            // The case keeps the explanation, which the case page shows.
            let recorded = try await app.himaya.store.textSignals.signals(in: opened.id)
            #expect(recorded.contains { $0.signal.kind == "veiled_threat" && $0.alertRequested && $0.defenders == [defender.id] })

            // A responder sees the finding on the case page, with the rule and the words.
            let totp = try await app.addStaff("lucia", role: .responder)
            var lucia = try await app.signIn("lucia", totp: totp, client: client)
            let page = try await lucia.get(client: client, path: "/console/cases/\(opened.id)?lang=es").text
            #expect(page.contains("amenaza velada"))
            #expect(page.contains("es.threat."))
            #expect(page.contains("sabemos dónde vives"))

            let sent = try await alerts(app, defender)
            #expect(sent.count == 1)
            #expect(sent.first?["language"] == "es")
            #expect(sent.first?["severity"] == "high")
            #expect(sent.first?["caseReference"] == reference)
            #expect(sent.first?["summary"]?.contains("amenaza velada") == true)
        }
    }

    @Test("a threat in a reply to a defender's account counts without their name")
    func replyToAccount() async throws {
        try await TestApp.with { app, client in
            let key = try await scanning.platformKey(app)
            _ = try await enrolDefender(app)
            let items = try await scan(client, key: key, items: item("post-3", text: "te voy a matar", mentions: #"["acct-rocio"]"#))
            #expect((items[0]["signals"] as? [[String: Any]])?.contains { $0["label"] as? String == "threat" } == true)
            #expect(items[0]["caseReference"] != nil)
        }
    }

    @Test("without consent to alerts a case opens but nothing is sent to the defender")
    func noAlertWithoutConsent() async throws {
        try await TestApp.with { app, client in
            let key = try await scanning.platformKey(app)
            let defender = try await enrolDefender(app, consents: [.mentionDetection])
            let items = try await scan(client, key: key, items: item("post-4", text: "Rocío Quispe, sabemos dónde vives"))
            #expect(items[0]["caseReference"] != nil)
            #expect(items[0]["alertsRequested"] as? Int == 0)
            #expect(try await alerts(app, defender).isEmpty)
        }
    }

    @Test("withdrawing consent to mention detection removes the defender from the next scan and deletes what it covered")
    func consentWithdrawal() async throws {
        try await TestApp.with { app, client in
            let key = try await scanning.platformKey(app)
            let defender = try await enrolDefender(app)
            let added = try await scanning.call(client, .post, "/api/v1/defenders/\(defender.id)/watch-terms", key: key, body: #"{"kind": "handle", "term": "@rocio_q"}"#)
            #expect(added.status == .created)
            let before = try await scan(client, key: key, items: item("post-5", text: "hola @rocio_q"))
            #expect((before[0]["signals"] as? [[String: Any]])?.contains { $0["label"] as? String == "mention" } == true)

            #expect(try await scanning.call(client, .put, "/api/v1/defenders/\(defender.id)/consents/mention_detection", key: key, body: #"{"granted": false}"#).status == .ok)
            let after = try await scan(client, key: key, items: item("post-6", text: "Rocío Quispe, sabemos dónde vives"))
            #expect((after[0]["signals"] as? [[String: Any]])?.contains { ($0["people"] != nil) || $0["label"] as? String == "mention" } == false)
            #expect(after[0]["caseReference"] == nil)
            #expect(try await app.himaya.store.watchList.terms(of: defender.id).isEmpty)
            #expect(try await app.himaya.store.watchList.mentions(of: defender.id, since: .distantPast).isEmpty)
        }
    }

    @Test("an author named like the defender is flagged, but not the defender's own account")
    func impersonation() async throws {
        try await TestApp.with { app, client in
            let key = try await scanning.platformKey(app)
            _ = try await enrolDefender(app)
            let fake = try await scan(client, key: key, items: item("post-7", text: "Comunicado oficial", author: "u-fake", authorName: "R0cío_Quíspe"))
            #expect((fake[0]["signals"] as? [[String: Any]])?.contains { $0["label"] as? String == "impersonation" } == true)
            #expect(fake[0]["caseReference"] != nil)
            let own = try await scan(client, key: key, items: item("post-8", text: "Comunicado oficial", author: "acct-rocio", authorName: "Rocío Quispe"))
            #expect((own[0]["signals"] as? [[String: Any]])?.isEmpty == true)
        }
    }

    @Test("a phone number next to the defender's name is doxxing and opens a case")
    func doxxing() async throws {
        try await TestApp.with { app, client in
            let key = try await scanning.platformKey(app)
            _ = try await enrolDefender(app)
            let items = try await scan(client, key: key, items: item("post-9", text: "el número de Rocío Quispe es +51 987 654 321"))
            let signal = try #require((items[0]["signals"] as? [[String: Any]])?.first { $0["label"] as? String == "doxxing" })
            #expect(signal["kind"] as? String == "personal_details")
            let reference = try #require(items[0]["caseReference"] as? String)
            #expect(try await scanning.caseFile(app, reference: reference)?.category == .doxxing)
        }
    }

    @Test("many accounts sending near-identical messages at one defender within the hour are flagged as coordinated")
    func pileOn() async throws {
        try await TestApp.with { app, client in
            let key = try await scanning.platformKey(app)
            _ = try await enrolDefender(app)
            var last: [[String: Any]] = []
            for author in 0..<8 {
                last = try await scan(client, key: key, items: item("post-p\(author)", text: "Rocío Quispe es una vendida, que se vaya del país ya", author: "troll-\(author)"))
            }
            let signal = try #require((last[0]["signals"] as? [[String: Any]])?.first { $0["label"] as? String == "coordinated" })
            #expect(signal["kind"] as? String == "near_duplicate")
            #expect(last[0]["caseReference"] != nil)
        }
    }

    @Test("a batch with too many mentions or a long author name is refused whole, in the caller's language, and nothing is recorded")
    func badBatch() async throws {
        try await TestApp.with { app, client in
            let key = try await scanning.platformKey(app)
            _ = try await enrolDefender(app)
            let mentions = "[" + (0..<21).map { #""a\#($0)""# }.joined(separator: ",") + "]"
            let body = #"{"items": [\#(item("p1", text: "sabemos dónde vives", mentions: mentions)), \#(item("p2", text: "x", authorName: String(repeating: "n", count: 201)))]}"#
            let response = try await scanning.call(client, .post, "/api/v1/content/scan", key: key, body: body, language: "fr")
            #expect(response.status == .unprocessableContent)
            #expect(response.text.contains("items[0].mentions"))
            #expect(response.text.contains("items[1].authorName"))
            #expect(response.text.contains("comptes"))
            let count = try await app.himaya.store.source.withConnection { db in
                try await db.raw("SELECT COUNT(*) AS n FROM text_signals").first()?.decode(column: "n", as: Int.self) ?? -1
            }
            #expect(count == 0)
        }
    }

    @Test("the quoted words of a post are sealed at rest, never stored in the clear")
    func sealedAtRest() async throws {
        try await TestApp.with { app, client in
            let key = try await scanning.platformKey(app)
            _ = try await enrolDefender(app)
            _ = try await scan(client, key: key, items: item("post-10", text: "Rocío Quispe, sabemos dónde vives"))
            let stored = try await app.database.allStoredText()
            #expect(!stored.contains("sabemos"))
            #expect(!stored.contains("Quispe"))
        }
    }

    @Test("an altered photo of a defender with a threat beside it gets a higher priority than the photo alone")
    func alteredImageWithThreat() async throws {
        try await TestApp.with { app, client in
            let key = try await scanning.platformKey(app)
            let defender = try await enrolDefender(app, consents: [.mentionDetection, .referencePhotos], country: "ZZ", riskTier: .standard)
            let photo = ScanAPITests.png(ScanAPITests.photo())
            #expect(try await scanning.call(client, .post, "/api/v1/defenders/\(defender.id)/reference-photos", key: key, body: #"{"images": ["\#(photo)"]}"#).status == .ok)
            let altered = ScanAPITests.png(ScanAPITests.photo(patch: true))
            func post(_ id: String, _ text: String) -> String {
                #"{"id": "\#(id)", "authorId": "u-5", "text": "\#(text)", "media": [{"imageBase64": "\#(altered)"}]}"#
            }
            let items = try await scan(client, key: key, items: [post("img-1", "mira esta foto"), post("img-2", "Rocío Quispe, te voy a matar")].joined(separator: ","))
            let plainReference = try #require(items[0]["caseReference"] as? String)
            let threatenedReference = try #require(items[1]["caseReference"] as? String)
            let plain = try #require(try await scanning.caseFile(app, reference: plainReference))
            let threatened = try #require(try await scanning.caseFile(app, reference: threatenedReference))
            #expect(plain.category == .alteredImage)
            #expect(threatened.category == .alteredImage)
            #expect(threatened.priorityFactors.contains("altered_image_with_threat"))
            #expect(threatened.priority < plain.priority)
        }
    }

    @Test("watch terms need consent to mention detection and a sensible kind and length, with errors in the caller's language")
    func watchTermValidation() async throws {
        try await TestApp.with { app, client in
            let key = try await scanning.platformKey(app)
            let defender = try await enrolDefender(app, consents: [])
            let path = "/api/v1/defenders/\(defender.id)/watch-terms"
            let noConsent = try await scanning.call(client, .post, path, key: key, body: #"{"kind": "alias", "term": "Ro Quispe"}"#, language: "es")
            #expect(noConsent.status == .unprocessableContent)
            #expect(noConsent.text.contains("consentimiento"))
            try await app.himaya.recordConsent(.mentionDetection, granted: true, for: defender.id, by: "test")
            let bad = try await scanning.call(client, .post, path, key: key, body: #"{"kind": "nickname", "term": "x"}"#)
            #expect(bad.status == .unprocessableContent)
            #expect(bad.text.contains("kind") && bad.text.contains("term"))
            #expect(try await app.himaya.store.watchList.terms(of: defender.id).isEmpty)
            let created = try await scanning.call(client, .post, path, key: key, body: #"{"kind": "alias", "term": "روسيو كيسبي"}"#)
            let id = try #require(try scanning.json(created)["id"] as? String)
            let listed = try scanning.json(try await scanning.call(client, .get, path, key: key))
            #expect((listed["terms"] as? [[String: Any]])?.first?["term"] as? String == "روسيو كيسبي")
            // The Arabic alias is found in a post at once.
            let items = try await scan(client, key: key, items: item("post-ar", text: "وروسيو كيسبي كتبت اليوم"))
            #expect((items[0]["signals"] as? [[String: Any]])?.contains { $0["label"] as? String == "mention" } == true)
            #expect(try await scanning.call(client, .delete, "\(path)/\(id)", key: key).status == .noContent)
            #expect(try await scanning.call(client, .delete, "\(path)/\(id)", key: key).status == .notFound)
        }
    }
}
