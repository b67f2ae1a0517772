import Foundation
import HimayaCore
import HimayaServer
import HimayaStore
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Decisions and webhooks")
struct DecisionTests {
    static let secret = "platform-signing-secret"

    /// Files a report, signs a responder in, and records a decision through the console.
    func decide(_ app: TestApp, _ client: some TestClientProtocol, actions: [String]) async throws -> (caseID: Case.ID, code: String) {
        var reporter = Browser()
        let token = try await reporter.formToken(client: client, path: "/report/details")
        let page = try await reporter.postMultipart(
            client: client, path: "/report?lang=es",
            fields: [("csrf_token", token), ("category", "threat_of_violence"), ("country", "MX"), ("attack_language", "es"),
                     ("target_account", "@periodista"), ("reporter_is_target", "no"), ("narrative", "Me amenazan de muerte."),
                     ("content_references", "https://platform.example/p/1"), ("contact_method", "follow_up_only")],
            files: []).text
        let code = String(page[try #require(page.range(of: #"[0-9A-Z]{4}(-[0-9A-Z]{4}){4}"#, options: .regularExpression))])
        let caseID = try #require(try await app.himaya.store.reports.followUp(receipt: ReceiptCode(typed: code)!)).caseFile.id
        let totp = try await app.addStaff("lucia", role: .seniorResponder)
        var lucia = try await app.signIn("lucia", totp: totp, client: client)
        let formToken = try await lucia.formToken(client: client, path: "/staff")
        var body = "csrf_token=\(formToken)&clause=HRD-1&reason=Amenaza%20clara"
        for action in actions { body += "&action=\(action)" }
        let response = try await client.execute(
            uri: "/console/cases/\(caseID)/decisions?lang=en", method: .post,
            headers: [.contentType: "application/x-www-form-urlencoded", .cookie: lucia.cookieHeader], body: ByteBuffer(string: body))
        #expect(response.headers[.location]?.contains("done=decision") == true, "\(response.headers[.location] ?? "")")
        return (caseID, code)
    }

    func worker(_ app: TestApp) -> JobWorker {
        JobWorker(queue: app.himaya.store.jobs, handlers: JobHandlers.all(app.himaya), logger: app.himaya.logger)
    }

    @Test("a decision records a statement of reasons in the DSA fields, with nothing personal in it")
    func statement() async throws {
        try await TestApp.with { app, client in
            let (caseID, _) = try await decide(app, client, actions: ["remove_content", "suspend_author"])
            let (decision, statement) = try #require(try await app.himaya.store.decisions.decisions(in: caseID).first)
            #expect(decision.clauseID == "HRD-1")
            #expect(statement.decisionVisibility == ["DECISION_VISIBILITY_CONTENT_REMOVED"])
            #expect(statement.decisionAccount == "DECISION_ACCOUNT_SUSPENDED")
            #expect(statement.decisionGround == "DECISION_GROUND_INCOMPATIBLE_CONTENT")
            #expect(statement.sourceType == "SOURCE_ARTICLE_16")
            #expect(statement.automatedDecision == "AUTOMATED_DECISION_NOT_AUTOMATED")
            #expect(statement.contentLanguage == "ES")
            #expect(statement.puid.range(of: "^[a-zA-Z0-9_-]+$", options: .regularExpression) != nil)
            let free = statement.decisionFacts + statement.incompatibleContentExplanation + statement.incompatibleContentGround
            for personal in ["periodista", "Me amenazan", "Amenaza clara", "platform.example"] {
                #expect(!free.contains(personal), "statement free text contains \(personal)")
            }
            #expect(try await app.himaya.store.cases.entry(caseID)?.caseFile.status == .resolved)
        }
    }

    @Test("the reporter is told the decision in their language, with how to ask for a review")
    func notice() async throws {
        try await TestApp.with { app, client in
            let (_, code) = try await decide(app, client, actions: ["remove_content"])
            let followUp = try #require(try await app.himaya.store.reports.followUp(receipt: ReceiptCode(typed: code)!))
            let text = try #require(followUp.messages.last?.body)
            #expect(text.contains(app.himaya.catalogues["es"].text("action_remove_content")))
        }
    }

    @Test("the defender attacked, when someone else reported, is told the decision in their language through the platform")
    func defenderNotice() async throws {
        try await TestApp.with { app, client in
            let defender = Defender(displayName: "Periodista", country: "MX", languages: ["fr", "es"], activity: .journalist, riskTier: .high, enrolledAt: Date())
            try await app.himaya.store.defenders.enrol(defender)
            try await app.himaya.store.defenders.link(account: "@periodista", to: defender.id)
            let (caseID, _) = try await decide(app, client, actions: ["remove_content"])
            let messages = try await app.himaya.store.outbox.messages(about: "case:\(caseID)")
            #expect(messages.map(\.kind) == [.defenderNotice])
            let (_, payload) = try #require(try await app.himaya.store.outbox.message(messages[0].id))
            let text = String(decoding: payload, as: UTF8.self)
            #expect(text.contains("\"language\":\"fr\"") && text.contains("Quelqu'un a signalé une attaque contre vous"))
            #expect(!text.contains("Me amenazan"))
        }
    }

    @Test("each action reaches the platform as a signed webhook with its idempotency key")
    func signedDelivery() async throws {
        let receiver = WebhookReceiver()
        try await receiver.run { url in
            try await TestApp.with { app, client in
                try await app.himaya.store.platforms.add(Platform(name: "Platform", webhookURL: url, secret: Self.secret))
                let (caseID, _) = try await decide(app, client, actions: ["remove_content", "warn_author", "escalate"])
                #expect(try await worker(app).runOnce() == 2)
                let received = await receiver.received
                #expect(received.count == 2)
                for request in received {
                    let timestamp = Int(request.headers[HTTPField.Name("Himaya-Timestamp")!] ?? "") ?? 0
                    let signature = request.headers[HTTPField.Name("Himaya-Signature")!] ?? ""
                    #expect(WebhookSignature.verify(secret: Self.secret, timestamp: timestamp, body: request.body, signature: signature))
                    #expect(!WebhookSignature.verify(secret: "wrong", timestamp: timestamp, body: request.body, signature: signature))
                    #expect(request.headers[HTTPField.Name("Idempotency-Key")!] != nil)
                }
                let deliveries = try await app.himaya.store.decisions.deliveries(in: caseID)
                #expect(deliveries.map(\.status) == [.delivered, .delivered])
                #expect(Set(received.compactMap { $0.headers[HTTPField.Name("Idempotency-Key")!] }) == Set(deliveries.map(\.id.description)))
            }
        }
    }

    @Test("a platform that fails for a while gets the webhook again later, with the same idempotency key")
    func retries() async throws {
        let receiver = WebhookReceiver(answers: [.serviceUnavailable])
        try await receiver.run { url in
            try await TestApp.with { app, client in
                try await app.himaya.store.platforms.add(Platform(name: "Platform", webhookURL: url, secret: Self.secret))
                let (caseID, _) = try await decide(app, client, actions: ["remove_content"])
                #expect(try await worker(app).runOnce() == 1)
                #expect(try await app.himaya.store.decisions.deliveries(in: caseID).first?.status == .retrying)
                #expect(try await worker(app).runOnce() == 0)
                #expect(try await worker(app).runOnce(now: Date().addingTimeInterval(3600)) == 1)
                #expect(try await app.himaya.store.decisions.deliveries(in: caseID).first?.status == .delivered)
                let keys = await receiver.received.map { $0.headers[HTTPField.Name("Idempotency-Key")!] }
                #expect(keys.count == 2 && keys[0] == keys[1])
            }
        }
    }

    @Test("a platform that refuses an action puts the case back in the queue")
    func permanentFailure() async throws {
        let receiver = WebhookReceiver(answers: [.badRequest])
        try await receiver.run { url in
            try await TestApp.with { app, client in
                try await app.himaya.store.platforms.add(Platform(name: "Platform", webhookURL: url, secret: Self.secret))
                let (caseID, _) = try await decide(app, client, actions: ["remove_content"])
                _ = try await worker(app).runOnce()
                #expect(try await app.himaya.store.decisions.deliveries(in: caseID).first?.status == .failed)
                let entry = try await app.himaya.store.cases.entry(caseID)
                #expect(entry?.caseFile.status == .inProgress)
                #expect(entry?.assignee == nil)
                #expect(try await app.auditCount("webhook.failed") == 1)
            }
        }
    }

    @Test("a decision without actions, clause or reason is refused and nothing is recorded")
    func badDecision() async throws {
        try await TestApp.with { app, client in
            let (caseID, _) = try await decide(app, client, actions: ["no_action"])
            #expect(try await app.himaya.store.decisions.decisions(in: caseID).count == 1)
            let totp = try await app.addStaff("jean", role: .responder)
            var jean = try await app.signIn("jean", totp: totp, client: client)
            let token = try await jean.formToken(client: client, path: "/staff")
            let response = try await jean.post(client: client, path: "/console/cases/\(caseID)/decisions", form: ["csrf_token": token, "clause": "nope"])
            #expect(response.headers[.location]?.contains("decision_error_actions") == true)
            #expect(try await app.himaya.store.decisions.decisions(in: caseID).count == 1)
        }
    }
}
