import Foundation
import HimayaCore
import HimayaDetection
import HimayaImaging
import HimayaServer
import HimayaStore
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SQLKit
import HimayaTestSupport
import Testing

@Suite("Scanning images against hash lists")
struct ScanAPITests {
    /// A photo-like picture (soft shapes at several sizes) with a high PDQ quality; `patch` paints
    /// a square over part of it, as an edit would.
    static func photo(patch: Bool = false, seed: Double = 1) -> PixelBuffer {
        let size = 256
        var bytes = [UInt8]()
        bytes.reserveCapacity(size * size * 3)
        for y in 0..<size {
            for x in 0..<size {
                let u = Double(x) / Double(size), v = Double(y) / Double(size)
                var value = 128 + 60 * sin(u * 9 * seed + v * 4) * cos(v * 7 - u * 2) + 60 * sin(u * 31) * sin(v * 23 + u * 5)
                if patch && x > 160 && x < 210 && y > 40 && y < 90 { value = value * 0.8 + 40 }
                let level = UInt8(max(0, min(255, value)))
                bytes += [level, UInt8(255 - Int(level)), 90]
            }
        }
        return PixelBuffer(width: size, height: size, layout: .rgb, bytes: bytes)
    }

    static func png(_ pixels: PixelBuffer) -> String { Data(ImageEncoder.encode(pixels, as: .png)!).base64EncodedString() }

    func platformKey(_ app: TestApp, scopes: Set<PlatformAPIKey.Scope> = Set(PlatformAPIKey.Scope.allCases)) async throws -> String {
        if try await app.himaya.store.platforms.current() == nil {
            try await app.himaya.store.platforms.add(Platform(name: "Platform", webhookURL: "http://127.0.0.1:9/hooks", secret: "s"))
        }
        let platform = try await app.himaya.store.platforms.current()!
        return try await PlatformKeys(himaya: app.himaya).issue(for: platform.id, scopes: scopes).1
    }

    func call(
        _ client: some TestClientProtocol, _ method: HTTPRequest.Method, _ path: String, key: String?, body: String = "",
        type: String = "application/json", language: String = "en"
    ) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: type, .acceptLanguage: language]
        if let key { headers[.authorization] = "Bearer \(key)" }
        return try await client.execute(uri: path, method: method, headers: headers, body: ByteBuffer(string: body))
    }

    /// The case with this reference, read straight from the store.
    func caseFile(_ app: TestApp, reference: String) async throws -> Case? {
        let id = try await app.himaya.store.source.withConnection { db in
            try await db.raw("SELECT id FROM cases WHERE reference = \(bind: reference)").first()?.decode(column: "id", as: String.self)
        }
        guard let id, let caseID = Case.ID(id) else { return nil }
        return try await app.himaya.store.cases.entry(caseID)?.caseFile
    }

    func json(_ response: TestResponse) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(response.text.utf8)) as? [String: Any])
    }

    func createList(_ client: some TestClientProtocol, key: String, name: String, category: String, action: String) async throws -> String {
        let response = try await call(client, .post, "/api/v1/hash-lists", key: key,
                                      body: #"{"name": "\#(name)", "category": "\#(category)", "action": "\#(action)"}"#)
        #expect(response.status == .created)
        return try json(response)["id"] as! String
    }

    func scan(_ client: some TestClientProtocol, key: String, media: String, mentions: String = "[]") async throws -> [String: Any] {
        let response = try await call(client, .post, "/api/v1/content/scan", key: key,
                                      body: #"{"items": [{"id": "post-77", "authorId": "u-9", "mentions": \#(mentions), "media": [\#(media)]}]}"#)
        #expect(response.status == .ok, "\(response.text)")
        return try #require((try json(response)["items"] as? [[String: Any]])?.first)
    }

    @Test("without a key nothing is scanned, and a key without the scan scope is refused")
    func keys() async throws {
        try await TestApp.with { app, client in
            let body = #"{"items": [{"id": "p", "media": [{"md5": "d41d8cd98f00b204e9800998ecf8427e"}]}]}"#
            #expect(try await call(client, .post, "/api/v1/content/scan", key: nil, body: body).status == .unauthorized)
            let readOnly = try await platformKey(app, scopes: [.hashListsRead])
            #expect(try await call(client, .post, "/api/v1/content/scan", key: readOnly, body: body).status == .forbidden)
            #expect(try await call(client, .post, "/api/v1/hash-lists", key: readOnly, body: "{}").status == .forbidden)
        }
    }

    @Test("an image near a hash on an open-case list comes back as a signal and opens a case in the queue")
    func matchOpensCase() async throws {
        try await TestApp.with { app, client in
            let key = try await platformKey(app)
            let listID = try await createList(client, key: key, name: "Threat imagery", category: "known_threat_imagery", action: "open_case")
            let listed = PDQHasher().hash(Self.photo())
            let imported = try await call(client, .post, "/api/v1/hash-lists/\(listID)/hashes?format=text", key: key, body: listed.hash.hex + "\n", type: "text/plain")
            #expect(try json(imported)["added"] as? Int == 1)
            // The same picture re-encoded as JPEG: a different file, the same PDQ within a few bits.
            let jpeg = Data(ImageEncoder.encode(Self.photo(), as: .jpeg, quality: 80)!).base64EncodedString()
            let item = try await scan(client, key: key, media: #"{"imageBase64": "\#(jpeg)"}"#)
            let signal = try #require((item["signals"] as? [[String: Any]])?.first)
            #expect(signal["kind"] as? String == "list_match")
            #expect(signal["listName"] as? String == "Threat imagery")
            #expect((signal["distance"] as? Int ?? 99) <= 31)
            #expect((signal["quality"] as? Int ?? 0) >= 50)
            let reference = try #require(item["caseReference"] as? String)
            let opened = try #require(try await caseFile(app, reference: reference))
            #expect(opened.category == .threatOfViolence && opened.status == .new)
            // The responder sees the signal and its figures on the case page.
            let totp = try await app.addStaff("lead", role: .protectionLead)
            var browser = try await app.signIn("lead", totp: totp, client: client)
            let page = try await browser.get(client: client, path: "/console/cases/\(opened.id)?lang=en").text
            #expect(page.contains("Image matches a hash list"))
            #expect(page.contains("List Threat imagery; content post-77, image 1: distance"))
            #expect(try await app.himaya.store.mediaSignals.countsByKind()["list_match"] == 1)
        }
    }

    @Test("with several lists loaded, a match names the list that holds the hash, and only that one")
    func matchNamesItsList() async throws {
        try await TestApp.with { app, client in
            let key = try await platformKey(app)
            let first = try await createList(client, key: key, name: "Partner list", category: "partner_list", action: "count_only")
            let second = try await createList(client, key: key, name: "Exchange", category: "industry_exchange", action: "count_only")
            let other = PDQHasher().hash(Self.photo(seed: 3)).hash.hex
            let listed = PDQHasher().hash(Self.photo()).hash.hex
            _ = try await call(client, .post, "/api/v1/hash-lists/\(first)/hashes?format=text", key: key, body: other + "\n", type: "text/plain")
            _ = try await call(client, .post, "/api/v1/hash-lists/\(second)/hashes?format=text", key: key, body: other + "\n" + listed + "\n", type: "text/plain")
            let item = try await scan(client, key: key, media: #"{"imageBase64": "\#(Self.png(Self.photo()))"}"#)
            let signals = try #require(item["signals"] as? [[String: Any]])
            #expect(signals.compactMap { $0["listName"] as? String } == ["Exchange"])
            #expect(signals.first?["distance"] as? Int == 0)
        }
    }

    @Test("a count-only list counts a match and opens nothing")
    func countOnly() async throws {
        try await TestApp.with { app, client in
            let key = try await platformKey(app)
            let listID = try await createList(client, key: key, name: "Exchange", category: "industry_exchange", action: "count_only")
            _ = try await call(client, .post, "/api/v1/hash-lists/\(listID)/hashes", key: key,
                               body: "signal_type,signal_value\npdq,\(PDQHasher().hash(Self.photo()).hash.hex)\n", type: "text/csv")
            let item = try await scan(client, key: key, media: #"{"imageBase64": "\#(Self.png(Self.photo()))"}"#)
            #expect((item["signals"] as? [[String: Any]])?.first?["distance"] as? Int == 0)
            #expect(item["caseReference"] == nil)
        }
    }

    @Test("a match on an alert list alerts the defender mentioned, through the platform, only with their consent")
    func alerts() async throws {
        try await TestApp.with { app, client in
            let key = try await platformKey(app)
            let defender = Defender(displayName: "Awa", country: "SN", languages: ["fr"], activity: .unionist, riskTier: .elevated, enrolledAt: Date())
            try await app.himaya.store.defenders.enrol(defender)
            try await app.himaya.store.defenders.link(account: "@awa", to: defender.id)
            let listID = try await createList(client, key: key, name: "Partner alerts", category: "partner_list", action: "alert_defender")
            _ = try await call(client, .post, "/api/v1/hash-lists/\(listID)/hashes", key: key, body: PDQHasher().hash(Self.photo()).hash.hex, type: "text/plain")
            let media = #"{"imageBase64": "\#(Self.png(Self.photo()))"}"#
            // Without consent to alerts nothing is sent.
            #expect(try await scan(client, key: key, media: media, mentions: #"["@awa"]"#)["alertsRequested"] as? Int == 0)
            #expect(try await call(client, .put, "/api/v1/defenders/\(defender.id)/consents/alerts", key: key, body: #"{"granted": true}"#).status == .ok)
            #expect(try await scan(client, key: key, media: media, mentions: #"["@awa"]"#)["alertsRequested"] as? Int == 1)
            let messages = try await app.himaya.store.outbox.messages(about: "defender:\(defender.id)")
            #expect(messages.map(\.kind) == [.alertCreated])
            let (_, payload) = try #require(try await app.himaya.store.outbox.message(messages[0].id))
            let text = String(decoding: payload, as: UTF8.self)
            #expect(text.contains("\"language\":\"fr\"") && text.contains("une liste partagée par une organisation partenaire"))
            #expect(text.contains("post-77") && !text.contains("base64"))
        }
    }

    @Test("a flat picture is not matched, and the answer says its quality is too low")
    func lowQuality() async throws {
        try await TestApp.with { app, client in
            let key = try await platformKey(app)
            _ = try await createList(client, key: key, name: "Threats", category: "known_threat_imagery", action: "open_case")
            let flat = PixelBuffer(width: 100, height: 100, layout: .rgb, bytes: [UInt8](repeating: 128, count: 30_000))
            let item = try await scan(client, key: key, media: #"{"imageBase64": "\#(Self.png(flat))"}"#)
            let signal = try #require((item["signals"] as? [[String: Any]])?.first)
            #expect(signal["kind"] as? String == "low_quality")
            #expect((signal["explanation"] as? String)?.contains("under 50") == true)
        }
    }

    @Test("in a batch of several items, each image's signals and problems come back with its own item and place")
    func batchKeepsEachImageInPlace() async throws {
        try await TestApp.with { app, client in
            let key = try await platformKey(app)
            let listID = try await createList(client, key: key, name: "Exchange", category: "industry_exchange", action: "count_only")
            let listed = PDQHasher().hash(Self.photo()).hash.hex
            _ = try await call(client, .post, "/api/v1/hash-lists/\(listID)/hashes?format=text", key: key, body: listed + "\n", type: "text/plain")
            let broken = Data(Array(ImageEncoder.encode(Self.photo(), as: .png)!.prefix(300))).base64EncodedString()
            let flat = Self.png(PixelBuffer(width: 100, height: 100, layout: .rgb, bytes: [UInt8](repeating: 128, count: 30_000)))
            let body = #"{"items": [{"id": "a", "authorId": "u-1", "media": [{"imageBase64": "\#(broken)"}, {"imageBase64": "\#(Self.png(Self.photo()))"}]}, "#
                + #"{"id": "b", "authorId": "u-2", "media": [{"imageBase64": "\#(flat)"}, {"pdq": "\#(listed)", "quality": 90}]}, "#
                + #"{"id": "c", "authorId": "u-3", "media": [{"imageBase64": "\#(Self.png(Self.photo(seed: 3)))"}]}]}"#
            let response = try await call(client, .post, "/api/v1/content/scan", key: key, body: body)
            #expect(response.status == .ok, "\(response.text)")
            let items = try #require(try json(response)["items"] as? [[String: Any]])
            func found(_ item: [String: Any]) -> [String] {
                (item["signals"] as? [[String: Any]] ?? []).map { "\($0["kind"] as? String ?? "?")@\($0["mediaIndex"] as? Int ?? -1)" }
            }
            #expect(items.map { $0["id"] as? String } == ["a", "b", "c"])
            #expect(found(items[0]) == ["list_match@1"])
            #expect((items[0]["problems"] as? [[String: Any]])?.map { $0["mediaIndex"] as? Int } == [0])
            #expect(found(items[1]) == ["low_quality@0", "list_match@1"])
            #expect(found(items[2]).isEmpty)
        }
    }

    @Test("an unreadable image is reported for that image, and the batch still answers")
    func unreadableImage() async throws {
        try await TestApp.with { app, client in
            let key = try await platformKey(app)
            let broken = Data(Array(ImageEncoder.encode(Self.photo(), as: .png)!.prefix(300))).base64EncodedString()
            let item = try await scan(client, key: key, media: #"{"imageBase64": "\#(broken)"}"#)
            let problem = try #require((item["problems"] as? [[String: Any]])?.first)
            #expect((problem["message"] as? String)?.contains("truncated") == true || (problem["message"] as? String)?.contains("corrupt") == true)
        }
    }

    @Test("a batch with a mistake is refused whole, by field and in the caller's language, and nothing is recorded")
    func badBatch() async throws {
        try await TestApp.with { app, client in
            let key = try await platformKey(app)
            let body = #"{"items": [{"id": "ok", "media": [{"md5": "d41d8cd98f00b204e9800998ecf8427e"}]}, {"id": "", "media": [{"pdq": "zz"}]}]}"#
            let response = try await call(client, .post, "/api/v1/content/scan", key: key, body: body, language: "fr")
            #expect(response.status == .unprocessableContent)
            let problems = try #require((try json(response)["error"] as? [String: Any])?["problems"] as? [[String: Any]])
            #expect(Set(problems.compactMap { $0["field"] as? String }) == ["items[1].id", "items[1].media[0].pdq"])
            #expect(problems.contains { ($0["message"] as? String)?.contains("empreinte PDQ") == true })
            #expect(try await app.himaya.store.mediaSignals.countsByKind().isEmpty)
            let tooMany = "{\"items\": [" + (0..<101).map { #"{"id": "p\#($0)"}"# }.joined(separator: ",") + "]}"
            #expect(try await call(client, .post, "/api/v1/content/scan", key: key, body: tooMany).status == .unprocessableContent)
        }
    }

    @Test("a hash list file with a bad line adds nothing and names the line")
    func badListFile() async throws {
        try await TestApp.with { app, client in
            let key = try await platformKey(app)
            let listID = try await createList(client, key: key, name: "Partner list", category: "partner_list", action: "count_only")
            let good = PDQHasher().hash(Self.photo()).hash.hex
            let response = try await call(client, .post, "/api/v1/hash-lists/\(listID)/hashes", key: key, body: "\(good)\nnot-a-hash\n", type: "text/plain")
            #expect(response.status == .unprocessableContent)
            #expect(response.text.contains("Line 2"))
            #expect(try await app.himaya.store.hashLists.allEntries().isEmpty)
        }
    }

    @Test("a list exports as the text and CSV it was imported from")
    func export() async throws {
        try await TestApp.with { app, client in
            let key = try await platformKey(app)
            let listID = try await createList(client, key: key, name: "NCII", category: "intimate_images_without_consent", action: "open_case")
            let hashes = [PDQHasher().hash(Self.photo()).hash.hex, PDQHasher().hash(Self.photo(seed: 2)).hash.hex]
            _ = try await call(client, .post, "/api/v1/hash-lists/\(listID)/hashes", key: key, body: hashes.joined(separator: "\n"), type: "text/plain")
            let text = try await call(client, .get, "/api/v1/hash-lists/\(listID)/hashes?format=text", key: key)
            #expect(Set(text.text.split(separator: "\n").map(String.init)) == Set(hashes))
            let csv = try await call(client, .get, "/api/v1/hash-lists/\(listID)/hashes?format=csv", key: key)
            #expect(csv.headers[.contentType]?.hasPrefix("text/csv") == true)
            #expect(csv.text.hasPrefix("signal_type,signal_value\n"))
            let lists = try await call(client, .get, "/api/v1/hash-lists", key: key)
            #expect((try json(lists)["lists"] as? [[String: Any]])?.first?["hashes"] as? Int == 2)
        }
    }

    @Test("reference photos need the defender's consent; only hashes are kept; a near copy is flagged as possibly altered and opens a case; withdrawal stops matching")
    func referencePhotos() async throws {
        try await TestApp.with { app, client in
            let key = try await platformKey(app)
            let defender = Defender(displayName: "Rocío Quispe", country: "PE", languages: ["es"], activity: .journalist, riskTier: .high, enrolledAt: Date())
            try await app.himaya.store.defenders.enrol(defender)
            let photo = Self.png(Self.photo())
            let body = #"{"images": ["\#(photo)"]}"#
            let refused = try await call(client, .post, "/api/v1/defenders/\(defender.id)/reference-photos", key: key, body: body, language: "es")
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains("consentimiento"))

            #expect(try await call(client, .put, "/api/v1/defenders/\(defender.id)/consents/reference_photos", key: key, body: #"{"granted": true}"#).status == .ok)
            let added = try await call(client, .post, "/api/v1/defenders/\(defender.id)/reference-photos", key: key, body: body)
            #expect(added.status == .ok)
            #expect(try json(added)["hashesAdded"] as? Int == 3)
            // The photo itself is nowhere in the database, nor its hashes in the clear.
            let stored = try await app.database.allStoredText()
            #expect(!stored.contains(String(photo.prefix(200))))
            #expect(!stored.contains(PDQHasher().hash(Self.photo()).hash.hex))
            // Reference lists never show in the platform's list of lists.
            #expect((try json(try await call(client, .get, "/api/v1/hash-lists", key: key))["lists"] as? [[String: Any]])?.isEmpty == true)

            let altered = Self.photo(patch: true)
            let distance = PDQHasher().hash(altered).hash.distance(to: PDQHasher().hash(Self.photo()).hash)
            try #require(distance > 0 && distance <= 31, "the edited picture should stay near the original (distance \(distance))")
            let item = try await scan(client, key: key, media: #"{"imageBase64": "\#(Self.png(altered))"}"#)
            let signal = try #require((item["signals"] as? [[String: Any]])?.first)
            #expect(signal["kind"] as? String == "possible_altered_image")
            let reference = try #require(item["caseReference"] as? String)
            let opened = try #require(try await caseFile(app, reference: reference))
            #expect(opened.category == .alteredImage)
            #expect(opened.country == "PE")
            // The same priority rule as a report: the defender's high risk tier counts.
            #expect(opened.priorityFactors.contains("risk_tier:high"))
            #expect(opened.priorityFactors.first == "category:altered_image:P2")

            // The original reposted unchanged is a repost, not an alteration, and opens nothing.
            let repost = try await scan(client, key: key, media: #"{"imageBase64": "\#(photo)"}"#)
            #expect((repost["signals"] as? [[String: Any]])?.first?["kind"] as? String == "reference_photo_reposted")
            #expect(repost["caseReference"] == nil)

            #expect(try await call(client, .put, "/api/v1/defenders/\(defender.id)/consents/reference_photos", key: key, body: #"{"granted": false}"#).status == .ok)
            let after = try await scan(client, key: key, media: #"{"imageBase64": "\#(Self.png(altered))"}"#)
            #expect((after["signals"] as? [[String: Any]])?.isEmpty == true)
            #expect(try await app.himaya.store.hashLists.allEntries().isEmpty)
        }
    }
}
