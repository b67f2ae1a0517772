import Foundation
import HimayaCore
import HimayaServer
import HimayaStore
import HimayaTestSupport
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Enforcement guard")
struct EnforcementGuardTests {
    static let secret = "enforcement-test-secret"

    func key(_ app: TestApp, url: String = "http://127.0.0.1:9/hooks") async throws -> String {
        try await app.himaya.store.platforms.add(Platform(name: "Platform", webhookURL: url, secret: Self.secret))
        let platform = try await app.himaya.store.platforms.current()!
        return try await PlatformKeys(himaya: app.himaya).issue(for: platform.id, scopes: Set(PlatformAPIKey.Scope.allCases)).1
    }

    /// An enrolled defender with a linked account and the guard consent, through the API as a platform does it.
    func guardedDefender(_ app: TestApp, _ client: some TestClientProtocol, key: String, account: String = "@mariela") async throws -> Defender {
        let defender = Defender(displayName: "Mariela", country: "NI", languages: ["es"], activity: .journalist, riskTier: .high, enrolledAt: Date())
        try await app.himaya.store.defenders.enrol(defender)
        #expect(try await call(client, .post, "/api/v1/defenders/\(defender.id)/accounts", key: key, body: #"{"account": "\#(account)"}"#).status == .ok)
        #expect(try await call(client, .put, "/api/v1/defenders/\(defender.id)/consents/enforcement_guard", key: key, body: #"{"granted": true}"#).status == .ok)
        return defender
    }

    func call(_ client: some TestClientProtocol, _ method: HTTPRequest.Method, _ path: String, key: String?, body: String = "") async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let key { headers[.authorization] = "Bearer \(key)" }
        return try await client.execute(uri: path, method: method, headers: headers, body: ByteBuffer(string: body))
    }

    func json(_ response: TestResponse) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(response.text.utf8)) as? [String: Any])
    }

    func check(_ client: some TestClientProtocol, key: String, account: String, action: String = "removal") async throws -> [String: Any] {
        let response = try await call(client, .post, "/api/v1/enforcement/check", key: key,
                                      body: #"{"account": "\#(account)", "contentId": "post-9", "action": "\#(action)", "reason": "hate speech"}"#)
        #expect(response.status == .ok, "\(response.text)")
        return try json(response)
    }

    func worker(_ app: TestApp) -> JobWorker {
        JobWorker(queue: app.himaya.store.jobs, handlers: JobHandlers.all(app.himaya), logger: app.himaya.logger)
    }

    @Test("a defender's account is held for review; anyone else's proceeds")
    func holdAndProceed() async throws {
        try await TestApp.with { app, client in
            let key = try await key(app)
            _ = try await guardedDefender(app, client, key: key)
            let held = try await check(client, key: key, account: "@Mariela")
            #expect(held["decision"] as? String == "hold")
            let reviewID = try #require(held["reviewId"] as? String)
            // Removal starts at P2; the defender's high risk tier and Nicaragua's closed civic space raise it.
            #expect(held["priority"] as? String == "P0")
            #expect(try await check(client, key: key, account: "@someone-else")["decision"] as? String == "proceed")
            // Asking again about the same takedown answers with the same review.
            #expect(try await check(client, key: key, account: "@mariela")["reviewId"] as? String == reviewID)
            let polled = try json(try await call(client, .get, "/api/v1/enforcement/reviews/\(reviewID)", key: key))
            #expect(polled["status"] as? String == "pending")
        }
    }

    @Test("once the defender withdraws consent, takedowns proceed")
    func withdrawnConsent() async throws {
        try await TestApp.with { app, client in
            let key = try await key(app)
            let defender = try await guardedDefender(app, client, key: key)
            #expect(try await call(client, .put, "/api/v1/defenders/\(defender.id)/consents/enforcement_guard", key: key, body: #"{"granted": false}"#).status == .ok)
            #expect(try await check(client, key: key, account: "@mariela")["decision"] as? String == "proceed")
        }
    }

    @Test("without the check scope the platform is refused")
    func scope() async throws {
        try await TestApp.with { app, client in
            let platform = Platform(name: "P", webhookURL: "http://127.0.0.1:9/", secret: "s")
            try await app.himaya.store.platforms.add(platform)
            let key = try await PlatformKeys(himaya: app.himaya).issue(for: platform.id, scopes: [.contentScan]).1
            #expect(try await call(client, .post, "/api/v1/enforcement/check", key: key, body: #"{"account": "a", "action": "removal"}"#).status == .forbidden)
            #expect(try await call(client, .post, "/api/v1/enforcement/check", key: nil, body: #"{"account": "a", "action": "removal"}"#).status == .unauthorized)
        }
    }

    @Test("a bad check is refused by field")
    func badCheck() async throws {
        try await TestApp.with { app, client in
            let key = try await key(app)
            let response = try await call(client, .post, "/api/v1/enforcement/check", key: key, body: #"{"account": " ", "action": "ban"}"#)
            #expect(response.status == .unprocessableContent)
            #expect(response.text.contains("\"account\"") && response.text.contains("\"action\""))
        }
    }

    @Test("a burst of reports from fresh accounts is flagged as a campaign on the review and opens a case; a single honest report is not")
    func campaign() async throws {
        try await TestApp.with { app, client in
            let key = try await key(app)
            _ = try await guardedDefender(app, client, key: key)
            let honest = try json(try await call(client, .post, "/api/v1/enforcement/reports", key: key,
                body: #"{"account": "@mariela", "contentId": "post-9", "reports": [{"reporterId": "u-1", "reporterAccountAgeDays": 800, "text": "I think this is false"}]}"#))
            #expect(honest["protected"] as? Bool == true)
            #expect(honest["campaign"] as? Bool == false)
            let reviewID = try #require(try await check(client, key: key, account: "@mariela")["reviewId"] as? String)
            let burst = (2...8).map { #"{"reporterId": "u-\#($0)", "reporterAccountAgeDays": 1, "text": "terrorist account ban it now"}"# }.joined(separator: ",")
            let flagged = try json(try await call(client, .post, "/api/v1/enforcement/reports", key: key,
                body: #"{"account": "@mariela", "contentId": "post-9", "reports": [\#(burst)]}"#))
            #expect(flagged["campaign"] as? Bool == true)
            #expect(Set(flagged["signs"] as? [String] ?? []).isSuperset(of: ["burst", "fresh_accounts", "near_identical_texts"]))
            let review = try #require(try await app.himaya.store.enforcement.review(EnforcementReview.ID(reviewID)!))
            #expect(review.campaignSigns.contains("burst"))
            #expect(try await app.auditCount("enforcement.campaign_flagged") == 1)
            #expect(try await app.auditCount("report.filed") == 1)
            // The review page shows the reports' figures and the signs.
            let totp = try await app.addStaff("lead", role: .protectionLead)
            var browser = try await app.signIn("lead", totp: totp, client: client)
            let page = try await browser.get(client: client, path: "/console/reviews/\(reviewID)?lang=en").text
            #expect(page.contains("8 reports from 8 accounts; 7 accounts under a week old"))
            #expect(page.contains("Many accounts reported within an hour"))
            // Reports about someone who is not protected are not kept at all.
            let other = try json(try await call(client, .post, "/api/v1/enforcement/reports", key: key,
                body: #"{"account": "@nobody", "reports": [{"reporterId": "u-1"}]}"#))
            #expect(other["protected"] as? Bool == false)
            // Reporters are kept as keyed hashes only.
            #expect(!(try await app.database.allStoredText()).contains("u-2"))
        }
    }

    @Test("the responder's decision reaches the platform as a signed webhook, and the defender's notice in Spanish")
    func decisionReachesPlatform() async throws {
        let receiver = WebhookReceiver()
        try await receiver.run { url in
            try await TestApp.with { app, client in
                let key = try await key(app, url: url)
                _ = try await guardedDefender(app, client, key: key)
                let reviewID = try #require(try await check(client, key: key, account: "@mariela")["reviewId"] as? String)
                // An auditor may look but not decide.
                let auditorTOTP = try await app.addStaff("aud", role: .auditor)
                var auditor = try await app.signIn("aud", totp: auditorTOTP, client: client)
                #expect(try await auditor.get(client: client, path: "/console/reviews?lang=en").text.contains("/console/reviews/\(reviewID)"))
                let page = try await auditor.get(client: client, path: "/console/reviews/\(reviewID)?lang=en").text
                #expect(page.contains("Mariela") && !page.contains("review-reason"))
                let lead = try await app.addStaff("lead", role: .seniorResponder)
                var browser = try await app.signIn("lead", totp: lead, client: client)
                let token = try await browser.formToken(client: client, path: "/console/reviews/\(reviewID)?lang=en")
                let decided = try await browser.post(client: client, path: "/console/reviews/\(reviewID)/decision?lang=en",
                    form: ["csrf_token": token, "outcome": "overturn", "reason": "Reporting on a protest; no incitement.", "political_speech": "yes"])
                #expect(decided.headers[.location]?.contains("done=decided") == true)
                #expect(try await worker(app).runOnce() >= 2)
                let received = await receiver.received
                let bodies = received.map { String(decoding: $0.body, as: UTF8.self) }
                let reviewed = try #require(received.first { String(decoding: $0.body, as: UTF8.self).contains("enforcement.reviewed") })
                let timestamp = Int(reviewed.headers[HTTPField.Name("Himaya-Timestamp")!] ?? "") ?? 0
                #expect(WebhookSignature.verify(secret: Self.secret, timestamp: timestamp, body: reviewed.body,
                                                signature: reviewed.headers[HTTPField.Name("Himaya-Signature")!] ?? ""))
                #expect(String(decoding: reviewed.body, as: UTF8.self).contains("\"outcome\":\"overturn\""))
                #expect(bodies.contains { $0.contains("defender.notice") && $0.contains("\"language\":\"es\"") && $0.contains("no se aplicará") })
                let polled = try json(try await call(client, .get, "/api/v1/enforcement/reviews/\(reviewID)", key: key))
                #expect(polled["status"] as? String == "overturned")
                #expect(polled["outcome"] as? String == "overturn")
                #expect(try await app.himaya.store.enforcement.decisionCounts()["overturned_political"] == 1)
                let after = try await browser.get(client: client, path: "/console/reviews/\(reviewID)?lang=en").text
                #expect(after.contains("overturned: the action must not happen") && after.contains("Reporting on a protest"))
                // A plain responder cannot decide.
                let responder = try await app.addStaff("resp", role: .responder)
                var plain = try await app.signIn("resp", totp: responder, client: client)
                let plainToken = try await plain.formToken(client: client, path: "/staff")
                let refused = try await plain.post(client: client, path: "/console/reviews/\(reviewID)/decision?lang=en",
                    form: ["csrf_token": plainToken, "outcome": "uphold", "reason": "x"])
                #expect(refused.status == .forbidden)
            }
        }
    }

    @Test("a defender who chose not to be told gets no notice")
    func noNotice() async throws {
        try await TestApp.with { app, client in
            let key = try await key(app)
            let defender = try await guardedDefender(app, client, key: key)
            #expect(try await call(client, .put, "/api/v1/defenders/\(defender.id)/consents/alerts", key: key, body: #"{"granted": true}"#).status == .ok)
            #expect(try await call(client, .put, "/api/v1/defenders/\(defender.id)/consents/alerts", key: key, body: #"{"granted": false}"#).status == .ok)
            let reviewID = try #require(try await check(client, key: key, account: "@mariela")["reviewId"] as? String)
            let messages = try await app.himaya.store.outbox.messages(about: "enforcement_review:\(reviewID)")
            #expect(!messages.contains { $0.kind == .defenderNotice })
        }
    }
}
