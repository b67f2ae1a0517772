import Foundation
import HimayaCore
import HimayaServer
import HimayaStore
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Account lockdown")
struct LockdownFlowTests {
    static let secret = "lockdown-secret"

    /// A case about an enrolled defender's account, and a responder on its page.
    func caseAboutDefender(_ app: TestApp, _ client: some TestClientProtocol) async throws -> (Defender, Case.ID, Browser) {
        let defender = Defender(displayName: "Salma", country: "EG", languages: ["ar"], activity: .womensRights, riskTier: .high, enrolledAt: Date())
        try await app.himaya.store.defenders.enrol(defender)
        try await app.himaya.store.defenders.link(account: "@salma", to: defender.id)
        var reporter = Browser()
        let token = try await reporter.formToken(client: client, path: "/report/details")
        let page = try await reporter.postMultipart(
            client: client, path: "/report?lang=ar",
            fields: [("csrf_token", token), ("category", "account_takeover"), ("country", "EG"), ("target_account", "@salma"),
                     ("narrative", "Someone is in my account."), ("contact_method", "follow_up_only")],
            files: []).text
        let code = String(page[try #require(page.range(of: #"[0-9A-Z]{4}(-[0-9A-Z]{4}){4}"#, options: .regularExpression))])
        let caseID = try #require(try await app.himaya.store.reports.followUp(receipt: ReceiptCode(typed: code)!)).caseFile.id
        let totp = try await app.addStaff("jean", role: .responder)
        let browser = try await app.signIn("jean", totp: totp, client: client)
        return (defender, caseID, browser)
    }

    func platformKey(_ app: TestApp, url: String) async throws -> String {
        try await app.himaya.store.platforms.add(Platform(name: "Platform", webhookURL: url, secret: Self.secret))
        let platform = try await app.himaya.store.platforms.current()!
        return try await PlatformKeys(himaya: app.himaya).issue(for: platform.id, scopes: [.defendersWrite]).1
    }

    func worker(_ app: TestApp) -> JobWorker {
        JobWorker(queue: app.himaya.store.jobs, handlers: JobHandlers.all(app.himaya), logger: app.himaya.logger)
    }

    func confirm(_ client: some TestClientProtocol, key: String, lockdown: String, step: String, state: String) async throws -> TestResponse {
        try await client.execute(
            uri: "/api/v1/lockdowns/\(lockdown)/steps/\(step)", method: .post,
            headers: [.authorization: "Bearer \(key)", .contentType: "application/json"], body: ByteBuffer(string: #"{"state": "\#(state)"}"#))
    }

    @Test("one confirmed click sends every step as a signed webhook; the platform confirms each; a step is lifted on its own")
    func lockDownAndUndo() async throws {
        let receiver = WebhookReceiver()
        try await receiver.run { url in
            try await TestApp.with { app, client in
                let key = try await platformKey(app, url: url)
                var (defender, caseID, jean) = try await caseAboutDefender(app, client)
                let token = try await jean.formToken(client: client, path: "/console/cases/\(caseID)?lang=en")
                // Without the confirmation nothing happens.
                let unconfirmed = try await jean.post(client: client, path: "/console/defenders/\(defender.id)/lockdown?lang=en", form: ["csrf_token": token])
                #expect(unconfirmed.status == .unprocessableContent)
                #expect(try await app.himaya.store.lockdowns.lockdowns(of: defender.id).isEmpty)
                let started = try await jean.post(client: client, path: "/console/defenders/\(defender.id)/lockdown?lang=en", form: ["csrf_token": token, "confirm": "yes"])
                let location = try #require(started.headers[.location])
                let lockdownID = String(try #require(location.split(separator: "/").last?.split(separator: "?").first))
                #expect(try await worker(app).runOnce() == 6)
                let received = await receiver.received
                #expect(received.count == 6)
                for request in received {
                    let timestamp = Int(request.headers[HTTPField.Name("Himaya-Timestamp")!] ?? "") ?? 0
                    #expect(WebhookSignature.verify(secret: Self.secret, timestamp: timestamp, body: request.body,
                                                    signature: request.headers[HTTPField.Name("Himaya-Signature")!] ?? ""))
                }
                let bodies = received.map { String(decoding: $0.body, as: UTF8.self) }
                #expect(Set(LockdownStep.lockdown.map(\.rawValue)).allSatisfy { step in bodies.contains { $0.contains("\"step\":\"\(step)\"") && $0.contains("\"operation\":\"apply\"") } })
                for step in LockdownStep.lockdown {
                    #expect(try await confirm(client, key: key, lockdown: lockdownID, step: step.rawValue, state: "applied").status == .ok)
                }
                var page = try await jean.get(client: client, path: "/console/lockdowns/\(lockdownID)?lang=en").text
                #expect(page.contains("Every step is confirmed in force."))
                // A step cannot be reported undone before anyone asked to lift it.
                #expect(try await confirm(client, key: key, lockdown: lockdownID, step: "make_private", state: "undone").status == .unprocessableContent)
                let undoToken = try await jean.formToken(client: client, path: "/console/lockdowns/\(lockdownID)?lang=en")
                _ = try await jean.post(client: client, path: "/console/lockdowns/\(lockdownID)/steps/make_private/undo?lang=en", form: ["csrf_token": undoToken])
                #expect(try await worker(app).runOnce() == 1)
                let undo = String(decoding: try #require(await receiver.received.last).body, as: UTF8.self)
                #expect(undo.contains("\"operation\":\"undo\"") && undo.contains("make_private"))
                #expect(try await confirm(client, key: key, lockdown: lockdownID, step: "make_private", state: "undone").status == .ok)
                page = try await jean.get(client: client, path: "/console/lockdowns/\(lockdownID)?lang=en").text
                #expect(page.contains("lifted") && !page.contains("Every step is confirmed in force."))
                #expect(try await app.auditCount("lockdown.requested") == 1)
                _ = defender
            }
        }
    }

    @Test("a webhook the platform answers with an error is retried and shown as waiting")
    func retried() async throws {
        let receiver = WebhookReceiver(answers: Array(repeating: .serviceUnavailable, count: 6))
        try await receiver.run { url in
            try await TestApp.with { app, client in
                _ = try await platformKey(app, url: url)
                var (defender, caseID, jean) = try await caseAboutDefender(app, client)
                let token = try await jean.formToken(client: client, path: "/console/cases/\(caseID)?lang=en")
                let started = try await jean.post(client: client, path: "/console/defenders/\(defender.id)/lockdown?lang=en", form: ["csrf_token": token, "confirm": "yes"])
                let location = try #require(started.headers[.location])
                _ = try await worker(app).runOnce()
                let page = try await jean.get(client: client, path: location).text
                #expect(page.contains("0 delivered, 6 waiting or being retried"))
                let messages = try await app.himaya.store.outbox.messages(about: "lockdown:\(location.split(separator: "/").last!.split(separator: "?").first!)")
                #expect(messages.allSatisfy { $0.status == .retrying })
            }
        }
    }

    @Test("an auditor can read a case but cannot lock an account down")
    func auditorCannot() async throws {
        try await TestApp.with { app, client in
            let defender = Defender(displayName: "X", country: "EG", languages: ["ar"], activity: .other, riskTier: .standard, enrolledAt: Date())
            try await app.himaya.store.defenders.enrol(defender)
            let totp = try await app.addStaff("sara", role: .auditor)
            var sara = try await app.signIn("sara", totp: totp, client: client)
            let token = try await sara.formToken(client: client, path: "/staff")
            #expect(try await sara.post(client: client, path: "/console/defenders/\(defender.id)/lockdown", form: ["csrf_token": token, "confirm": "yes"]).status == .forbidden)
        }
    }
}
