import Foundation
import HimayaCore
import HimayaServer
import HimayaStore
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Partner reporting API")
struct ReportsAPITests {
    /// A partner with a key holding `scopes`; returns the partner and the key text.
    func partnerKey(_ app: TestApp, name: String = "Digital Safety Helpline", scopes: Set<PartnerAPIKey.Scope> = [.reportsWrite, .reportsRead])
        async throws -> (Partner, String)
    {
        let partner = Partner(name: name, country: "NL", languages: ["en", "fr"], kind: .helpline, joinedAt: Date())
        try await app.himaya.store.partners.add(partner)
        let (_, text) = try await PartnerKeys(himaya: app.himaya).issue(for: partner.id, scopes: scopes)
        return (partner, text)
    }

    static let body = #"""
        {"category": "threat_of_violence", "country": "CO", "immediateDanger": false, "reporterIsTarget": false,
         "targetAccount": "@camila", "narrative": "Amenaza de muerte contra una sindicalista.", "reporterLanguage": "es",
         "contentReferences": ["https://platform.example/p/501"], "urgent": true,
         "consent": {"contact": "through_partner", "lawEnforcement": false},
         "evidence": [{"filename": "captura.png", "contentBase64": "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg=="}]}
        """#

    func post(_ client: some TestClientProtocol, key: String?, body: String = Self.body, idempotencyKey: String? = nil) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let key { headers[.authorization] = "Bearer \(key)" }
        if let idempotencyKey { headers[HTTPField.Name("Idempotency-Key")!] = idempotencyKey }
        return try await client.execute(uri: "/api/v1/reports", method: .post, headers: headers, body: ByteBuffer(string: body))
    }

    @Test("a partner files a report and gets the case, its priority and a receipt code")
    func files() async throws {
        try await TestApp.with { app, client in
            let (_, key) = try await partnerKey(app)
            let response = try await post(client, key: key)
            #expect(response.status == .created)
            let json = try JSONSerialization.jsonObject(with: Data(response.text.utf8)) as! [String: Any]
            let caseSummary = json["case"] as! [String: Any]
            // A threat of violence starts at P1; the partner's urgency raises it to P0.
            #expect(caseSummary["priority"] as? String == "P0")
            let code = try #require(json["receiptCode"] as? String)
            let followUp = try #require(try await app.himaya.store.reports.followUp(receipt: ReceiptCode(typed: code)!))
            #expect(followUp.evidence.map(\.mediaType) == [.png])
        }
    }

    @Test("without a key, or with a revoked one, nothing is filed")
    func keyRequired() async throws {
        try await TestApp.with { app, client in
            #expect(try await post(client, key: nil).status == .unauthorized)
            #expect(try await post(client, key: "hmy_nothing_wrong").status == .unauthorized)
            let (partner, key) = try await partnerKey(app)
            let id = try await app.himaya.store.partnerKeys.keys(of: partner.id).first!.id
            try await PartnerKeys(himaya: app.himaya).revoke(id)
            #expect(try await post(client, key: key).status == .unauthorized)
            #expect(try await app.auditCount("report.filed") == 0)
        }
    }

    @Test("a key without the write scope cannot file")
    func scope() async throws {
        try await TestApp.with { app, client in
            let (_, key) = try await partnerKey(app, scopes: [.reportsRead])
            #expect(try await post(client, key: key).status == .forbidden)
        }
    }

    @Test("a retried request with the same Idempotency-Key returns the first answer and opens no second case")
    func idempotent() async throws {
        try await TestApp.with { app, client in
            let (_, key) = try await partnerKey(app)
            let first = try await post(client, key: key, idempotencyKey: "retry-1")
            let second = try await post(client, key: key, idempotencyKey: "retry-1")
            #expect(first.status == .created && second.status == .created)
            #expect(first.text == second.text)
            #expect(second.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
            #expect(try await app.auditCount("report.filed") == 1)
        }
    }

    @Test("the same Idempotency-Key with a different body is refused")
    func idempotencyConflict() async throws {
        try await TestApp.with { app, client in
            let (_, key) = try await partnerKey(app)
            _ = try await post(client, key: key, idempotencyKey: "k")
            let other = try await post(client, key: key, body: Self.body.replacingOccurrences(of: "@camila", with: "@other"), idempotencyKey: "k")
            #expect(other.status == .unprocessableContent)
            #expect(other.text.contains("idempotency_conflict"))
            #expect(try await app.auditCount("report.filed") == 1)
        }
    }

    @Test("a report with mistakes gets every problem by field, in the asked language")
    func validation() async throws {
        try await TestApp.with { app, client in
            let (_, key) = try await partnerKey(app)
            var headers: HTTPFields = [.contentType: "application/json", .authorization: "Bearer \(key)", .acceptLanguage: "fr"]
            headers[.accept] = "application/json"
            let response = try await client.execute(
                uri: "/api/v1/reports", method: .post, headers: headers,
                body: ByteBuffer(string: #"{"category": "nonsense", "country": "Colombia", "evidence": [{"filename": "x.exe", "contentBase64": "TVqQAAMAAAAEAAAA"}]}"#))
            #expect(response.status == .unprocessableContent)
            let body = try JSONDecoder().decode(APIErrorBody.self, from: Data(response.text.utf8))
            #expect(body.error.code == "validation_failed")
            #expect(body.error.problems?.map(\.field) == ["category", "country", "evidence[0]"])
            #expect(body.error.problems?.last?.message.contains("x.exe") == true)
            #expect(body.error.problems?.first?.message == app.himaya.catalogues["fr"].text("report_error_category"))
            #expect(try await app.auditCount("report.filed") == 0)
        }
    }

    @Test("malformed JSON is a 400")
    func malformed() async throws {
        try await TestApp.with { app, client in
            let (_, key) = try await partnerKey(app)
            #expect(try await post(client, key: key, body: "{not json").status == .badRequest)
        }
    }

    @Test("a partner reads its own reports and no one else's")
    func readOwnOnly() async throws {
        try await TestApp.with { app, client in
            let (_, key) = try await partnerKey(app)
            let (_, otherKey) = try await partnerKey(app, name: "Other partner")
            let created = try await post(client, key: key)
            let id = (try JSONSerialization.jsonObject(with: Data(created.text.utf8)) as! [String: Any])["report"] as! String
            let own = try await client.execute(uri: "/api/v1/reports/\(id)", method: .get, headers: [.authorization: "Bearer \(key)"])
            #expect(own.status == .ok)
            #expect(own.text.contains("\"reference\""))
            let other = try await client.execute(uri: "/api/v1/reports/\(id)", method: .get, headers: [.authorization: "Bearer \(otherKey)"])
            #expect(other.status == .notFound)
        }
    }

    @Test("reports from two partners about the same attack join one case")
    func partnersJoin() async throws {
        try await TestApp.with { app, client in
            let (_, key) = try await partnerKey(app)
            let (_, otherKey) = try await partnerKey(app, name: "Other partner")
            _ = try await post(client, key: key)
            let second = try await post(client, key: otherKey)
            #expect(second.text.contains("\"joinedOpenCase\":true"))
        }
    }

    @Test("an attack on an enrolled defender's account weighs with that defender's risk tier")
    func defenderRiskTier() async throws {
        try await TestApp.with { app, client in
            let defender = Defender(displayName: "Camila", country: "CO", languages: ["es"], activity: .unionist, riskTier: .critical, enrolledAt: Date())
            try await app.himaya.store.defenders.enrol(defender)
            try await app.himaya.store.defenders.link(account: "@Camila", to: defender.id)
            let (_, key) = try await partnerKey(app)
            let body = Self.body.replacingOccurrences(of: "\"urgent\": true", with: "\"urgent\": false")
                .replacingOccurrences(of: "threat_of_violence", with: "harassment")
                .replacingOccurrences(of: "\"country\": \"CO\"", with: "\"country\": \"NL\"")
            let response = try await post(client, key: key, body: body)
            // Harassment starts at P2; the defender's critical risk tier raises it to P1 (NL has no profile to add more).
            #expect(response.text.contains("\"priority\":\"P1\""))
        }
    }
}
