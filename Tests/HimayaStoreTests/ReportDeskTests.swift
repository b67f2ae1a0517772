import Foundation
import HimayaCore
import HimayaStore
import HimayaTestSupport
import SQLKit
import Testing

@Suite("Report desk")
struct ReportDeskTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func report(target: String? = "@nour", references: [String] = ["https://platform.example/p/1"], category: IncidentCategory = .veiledThreat,
                danger: Bool = false, narrative: String = "They posted my home street and said accidents happen.") -> Report {
        Report(
            source: .anonymousForm, category: category, immediateDanger: danger, reporterIsTarget: true, targetAccount: target,
            country: "EG", attackLanguage: "ar", reporterLanguage: "ar", narrative: narrative, contentReferences: references,
            consent: ReportConsent(), contactAddress: nil, urgent: false, receivedAt: now)
    }

    func intake(_ report: Report, receipt: ReceiptCode = .generate(), evidence: [EvidenceUpload] = []) -> ReportIntake {
        ReportIntake(
            report: report,
            assessment: PriorityPolicy.assess(.init(category: report.category, immediateDanger: report.immediateDanger)),
            serviceLevels: .standard, receipt: receipt, evidence: evidence)
    }

    @Test("a report opens a case with its priority and deadlines", arguments: TestEngine.available)
    func opensCase(engine: TestEngine) async throws {
        try await TestDatabase.with(engine, clock: .fixed(now)) { database async throws in
            let filed = try await database.store.reports.file(intake(report()))
            #expect(!filed.joinedOpenCase)
            #expect(filed.caseFile.priority == .p1)
            #expect(filed.caseFile.firstResponseDue == now.addingTimeInterval(4 * 3600))
            #expect(filed.caseFile.priorityFactors == ["category:veiled_threat:P1"])
            #expect(try await database.store.reports.caseFile(id: filed.caseFile.id) == filed.caseFile)
            #expect(try await database.store.audit.latest(limit: 1).first?.action == "report.filed")
        }
    }

    @Test("a second report about the same target and content joins the open case", arguments: TestEngine.available)
    func duplicatesMerge(engine: TestEngine) async throws {
        try await TestDatabase.with(engine, clock: .fixed(now)) { database async throws in
            let first = try await database.store.reports.file(intake(report()))
            let second = try await database.store.reports.file(
                intake(report(target: "https://www.platform.example/nour/".replacingOccurrences(of: "https://www.platform.example/", with: "@"),
                              references: ["HTTPS://platform.example/p/1/", "https://platform.example/p/9"], danger: true)))
            #expect(second.joinedOpenCase)
            #expect(second.caseFile.id == first.caseFile.id)
            #expect(second.caseFile.reportCount == 2)
            #expect(second.caseFile.priority == .p0)
            #expect(second.caseFile.firstResponseDue == now.addingTimeInterval(3600))
            #expect(second.caseFile.priorityFactors.contains("immediate_danger"))
        }
    }

    @Test("reports about other content or another target open their own cases", arguments: TestEngine.available)
    func differentReportsStayApart(engine: TestEngine) async throws {
        try await TestDatabase.with(engine, clock: .fixed(now)) { database async throws in
            let first = try await database.store.reports.file(intake(report()))
            let otherContent = try await database.store.reports.file(intake(report(references: ["https://platform.example/p/2"])))
            let otherTarget = try await database.store.reports.file(intake(report(target: "@someone-else")))
            let noTarget = try await database.store.reports.file(intake(report(target: nil)))
            let ids = Set([first, otherContent, otherTarget, noTarget].map(\.caseFile.id))
            #expect(ids.count == 4)
        }
    }

    @Test("a resolved case does not take new reports", arguments: TestEngine.available)
    func resolvedCaseStaysClosed(engine: TestEngine) async throws {
        try await TestDatabase.with(engine, clock: .fixed(now)) { database async throws in
            let first = try await database.store.reports.file(intake(report()))
            try await database.store.source.withConnection { db in
                try await db.raw("UPDATE cases SET status = 'resolved' WHERE id = \(bind: first.caseFile.id.description)").run()
            }
            let second = try await database.store.reports.file(intake(report()))
            #expect(second.caseFile.id != first.caseFile.id)
        }
    }

    @Test("what the reporter wrote is sealed at rest", arguments: TestEngine.available)
    func sealedAtRest(engine: TestEngine) async throws {
        try await TestDatabase.with(engine, clock: .fixed(now)) { database async throws in
            var secretReport = report(target: "@secret-handle", references: ["https://platform.example/secret-post"], narrative: "my secret narrative")
            secretReport.consent.contact = .email
            secretReport.contactAddress = "secret-address@example.org"
            let upload = EvidenceUpload(
                file: EvidenceFile(name: "secret-name.jpg", mediaType: .jpeg, size: 3, sha256: "abc", receivedAt: now),
                original: Array("secret-bytes".utf8), redacted: Array("clean".utf8))
            _ = try await database.store.reports.file(intake(secretReport, evidence: [upload]))
            let stored = try await database.allStoredText()
            for secret in ["secret-handle", "secret-post", "my secret narrative", "secret-address", "secret-name", "secret-bytes"] {
                #expect(!stored.contains(secret), "\(secret) is stored in the clear")
            }
        }
    }

    @Test("the receipt code opens the report's follow-up, and a wrong code opens nothing", arguments: TestEngine.available)
    func receipts(engine: TestEngine) async throws {
        try await TestDatabase.with(engine, clock: .fixed(now)) { database async throws in
            let code = ReceiptCode.generate()
            let filed = try await database.store.reports.file(intake(report(), receipt: code))
            let followUp = try await database.store.reports.followUp(receipt: ReceiptCode(typed: code.description.lowercased())!)
            #expect(followUp?.reportID == filed.reportID)
            #expect(followUp?.caseFile.reference == filed.caseFile.reference)
            #expect(try await database.store.reports.followUp(receipt: .generate()) == nil)
            let stored = try await database.allStoredText()
            #expect(!stored.contains(code.canonical))
        }
    }

    @Test("each reporter sees only their own thread, even on a shared case", arguments: TestEngine.available)
    func threadsArePerReport(engine: TestEngine) async throws {
        try await TestDatabase.with(engine, clock: .fixed(now)) { database async throws in
            let first = try await database.store.reports.file(intake(report()))
            let second = try await database.store.reports.file(intake(report()))
            #expect(first.caseFile.id == second.caseFile.id)
            try await database.store.reports.addMessage(
                ReportMessage(reportID: first.reportID, author: .reporter, staffID: nil, body: "Please hurry", sentAt: now))
            #expect(try await database.store.reports.followUp(reportID: first.reportID)?.messages.map(\.body) == ["Please hurry"])
            #expect(try await database.store.reports.followUp(reportID: second.reportID)?.messages.isEmpty == true)
        }
    }

    @Test("evidence added later is listed with its hash and time of receipt", arguments: TestEngine.available)
    func addEvidence(engine: TestEngine) async throws {
        try await TestDatabase.with(engine, clock: .fixed(now)) { database async throws in
            let filed = try await database.store.reports.file(intake(report()))
            let file = EvidenceFile(name: "shot.png", mediaType: .png, size: 5, sha256: "deadbeef", receivedAt: now)
            try await database.store.reports.addEvidence([EvidenceUpload(file: file, original: [1, 2, 3, 4, 5], redacted: [1, 2])], to: filed.reportID)
            #expect(try await database.store.reports.followUp(reportID: filed.reportID)?.evidence == [file])
        }
    }

    @Test("a failure halfway through filing stores nothing", arguments: TestEngine.available)
    func atomic(engine: TestEngine) async throws {
        try await TestDatabase.with(engine, clock: .fixed(now)) { database async throws in
            let code = ReceiptCode.generate()
            _ = try await database.store.reports.file(intake(report(), receipt: code))
            let before = try await database.allStoredText()
            // The same receipt hash again violates its primary key after the case and report rows were written.
            await #expect(throws: (any Error).self) { try await database.store.reports.file(intake(report(target: "@other"), receipt: code)) }
            let counts = try await database.store.source.withConnection { db in
                try await db.raw("SELECT (SELECT COUNT(*) FROM cases) AS cases, (SELECT COUNT(*) FROM reports) AS reports").first()
            }
            #expect(try counts?.decode(column: "cases", as: Int.self) == 1)
            #expect(try counts?.decode(column: "reports", as: Int.self) == 1)
            #expect(try await database.allStoredText().count == before.count)
        }
    }
}

@Suite("Held files and follow-up sessions")
struct HeldFilesTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    @Test("a held file is given back once, with its original time of receipt, until it expires", arguments: TestEngine.available)
    func heldFiles(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database async throws in
            let desk = database.store.reports
            let file = EvidenceFile(name: "note.pdf", mediaType: .pdf, size: 9, sha256: "aa", receivedAt: now)
            let upload = EvidenceUpload(file: file, original: Array("%PDF-1.7\n".utf8), redacted: Array("%PDF-1.7\n".utf8))
            try await desk.hold(upload, tokenHash: "t1", until: now.addingTimeInterval(60))
            try await desk.hold(upload, tokenHash: "t2", until: now.addingTimeInterval(60))
            #expect(try await desk.heldFileNames(tokenHashes: ["t1"], at: now) == ["t1": "note.pdf"])
            let taken = try await desk.takeHeld(tokenHashes: ["t1"], at: now)
            #expect(taken.map(\.file.receivedAt) == [now])
            #expect(taken.first?.original == upload.original)
            #expect(try await desk.takeHeld(tokenHashes: ["t1"], at: now).isEmpty)
            #expect(try await desk.takeHeld(tokenHashes: ["t2"], at: now.addingTimeInterval(61)).isEmpty)
        }
    }

    @Test("a follow-up session opens its report until it expires or is closed", arguments: TestEngine.available)
    func followUpSessions(engine: TestEngine) async throws {
        try await TestDatabase.with(engine, clock: .fixed(now)) { database async throws in
            let desk = database.store.reports
            let report = Report(
                source: .anonymousForm, category: .doxxing, immediateDanger: false, reporterIsTarget: true, targetAccount: nil,
                country: "PE", attackLanguage: nil, reporterLanguage: "es", narrative: "x", contentReferences: [],
                consent: ReportConsent(), contactAddress: nil, urgent: false, receivedAt: now)
            let filed = try await desk.file(
                ReportIntake(report: report, assessment: PriorityPolicy.assess(.init(category: .doxxing, immediateDanger: false)),
                             serviceLevels: .standard, receipt: .generate(), evidence: []))
            try await desk.openFollowUpSession(tokenHash: "s1", reportID: filed.reportID, until: now.addingTimeInterval(60))
            try await desk.openFollowUpSession(tokenHash: "s2", reportID: filed.reportID, until: now.addingTimeInterval(60))
            #expect(try await desk.followUpSession(tokenHash: "s1", at: now) == filed.reportID)
            #expect(try await desk.followUpSession(tokenHash: "s1", at: now.addingTimeInterval(61)) == nil)
            try await desk.closeFollowUpSession(tokenHash: "s2")
            #expect(try await desk.followUpSession(tokenHash: "s2", at: now) == nil)
            #expect(try await desk.removeExpired(at: now.addingTimeInterval(61)) == 1)
        }
    }
}

@Suite("Partner keys")
struct PartnerKeyringTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    @Test("an active key is found by its hash until it is revoked", arguments: TestEngine.available)
    func revoke(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database async throws in
            let partner = Partner(name: "Helpline", country: "NL", languages: ["en"], kind: .helpline, joinedAt: now)
            try await database.store.partners.add(partner)
            let key = PartnerAPIKey(partnerID: partner.id, prefix: "hk_abc", scopes: [.reportsWrite], createdAt: now)
            try await database.store.partnerKeys.add(key, secretHash: "hash-1")
            #expect(try await database.store.partnerKeys.activeKey(secretHash: "hash-1") == key)
            try await database.store.partnerKeys.revoke(key.id, at: now)
            #expect(try await database.store.partnerKeys.activeKey(secretHash: "hash-1") == nil)
            #expect(try await database.store.partnerKeys.keys(of: partner.id).first?.revokedAt == now)
        }
    }

    @Test("the first response to an idempotency key is kept and returned", arguments: TestEngine.available)
    func idempotency(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database async throws in
            let partner = Partner(name: "Helpline", country: "NL", languages: ["en"], kind: .helpline, joinedAt: now)
            try await database.store.partners.add(partner)
            let keys = database.store.partnerKeys
            #expect(try await keys.rememberResponse(partner: partner.id, key: "k1", requestHash: "r1", response: Data("one".utf8), at: now))
            #expect(try await !keys.rememberResponse(partner: partner.id, key: "k1", requestHash: "r2", response: Data("two".utf8), at: now))
            let stored = try await keys.idempotentResponse(partner: partner.id, key: "k1")
            #expect(stored?.requestHash == "r1")
            #expect(stored?.response == Data("one".utf8))
        }
    }
}
