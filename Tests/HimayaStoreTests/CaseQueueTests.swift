import Foundation
import HimayaCore
import HimayaStore
import HimayaTestSupport
import Testing

@Suite("Case queue")
struct CaseQueueTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func file(_ database: TestDatabase, category: IncidentCategory, country: String, language: String?, danger: Bool = false,
              evidence: [EvidenceUpload] = []) async throws -> FiledReport {
        let report = Report(
            source: .anonymousForm, category: category, immediateDanger: danger, reporterIsTarget: true, targetAccount: nil,
            country: country, attackLanguage: language, reporterLanguage: language ?? "en", narrative: "what happened", contentReferences: [],
            consent: ReportConsent(), contactAddress: nil, urgent: false, receivedAt: now)
        return try await database.store.reports.file(
            ReportIntake(report: report, assessment: PriorityPolicy.assess(.init(category: category, immediateDanger: danger)),
                         serviceLevels: .standard, receipt: .generate(), evidence: evidence))
    }

    func responder(languages: [String], regions: [String]) -> StaffAccount {
        StaffAccount(username: "r", displayName: "R", role: .responder, languages: languages, regions: regions, createdAt: now)
    }

    @Test("the queue puts the responder's reach first, then priority, then the nearest deadline", arguments: TestEngine.available)
    func ordering(engine: TestEngine) async throws {
        try await TestDatabase.with(engine, clock: .fixed(now)) { database async throws in
            let farP0 = try await file(database, category: .other, country: "JP", language: "ja", danger: true)
            let nearP3 = try await file(database, category: .other, country: "SN", language: "fr")
            let nearP1 = try await file(database, category: .doxxing, country: "SN", language: "fr")
            let farP2 = try await file(database, category: .harassment, country: "JP", language: "ja")
            let viewer = responder(languages: ["fr"], regions: ["West Africa"])
            let entries = try await database.store.cases.openCases(filter: QueueFilter(), viewer: viewer, limit: 10)
            #expect(entries.map(\.caseFile.id) == [nearP1, nearP3, farP0, farP2].map(\.caseFile.id))
        }
    }

    @Test("filters narrow the queue", arguments: TestEngine.available)
    func filters(engine: TestEngine) async throws {
        try await TestDatabase.with(engine, clock: .fixed(now)) { database async throws in
            _ = try await file(database, category: .doxxing, country: "SN", language: "fr")
            let arabic = try await file(database, category: .harassment, country: "EG", language: "ar")
            let viewer = responder(languages: [], regions: [])
            let byLanguage = try await database.store.cases.openCases(filter: QueueFilter(language: "ar"), viewer: viewer, limit: 10)
            #expect(byLanguage.map(\.caseFile.id) == [arabic.caseFile.id])
            let byCategory = try await database.store.cases.openCases(filter: QueueFilter(category: .harassment), viewer: viewer, limit: 10)
            #expect(byCategory.map(\.caseFile.id) == [arabic.caseFile.id])
        }
    }

    @Test("two responders claiming at once: exactly one holds the case", arguments: TestEngine.available)
    func claimRace(engine: TestEngine) async throws {
        try await TestDatabase.with(engine, clock: .fixed(now)) { database async throws in
            let filed = try await file(database, category: .doxxing, country: "SN", language: "fr")
            let staff = (0..<6).map { _ in StaffAccount.ID() }
            for id in staff {
                try await database.store.staff.add(
                    StaffAccount(id: id, username: "s\(id.description.prefix(8))", displayName: "S", role: .responder, languages: [], regions: [], createdAt: now),
                    credentials: StaffCredentials(passwordHash: "h", totpSecret: "S"))
            }
            let wins = try await withThrowingTaskGroup(of: Bool.self) { group in
                for id in staff { group.addTask { try await database.store.cases.claim(filed.caseFile.id, by: id) } }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(wins == 1)
            let holder = try await database.store.cases.entry(filed.caseFile.id)?.assignee
            #expect(holder.map(staff.contains) == true)
        }
    }

    @Test("answering the reporter marks the case answered and in progress", arguments: TestEngine.available)
    func answer(engine: TestEngine) async throws {
        try await TestDatabase.with(engine, clock: .fixed(now)) { database async throws in
            let filed = try await file(database, category: .doxxing, country: "SN", language: "fr")
            #expect(try await database.store.cases.entry(filed.caseFile.id)?.answered == false)
            try await database.store.cases.answer(
                ReportMessage(reportID: filed.reportID, author: .responder, staffID: nil, body: "Nous avons reçu votre signalement.", sentAt: now),
                in: filed.caseFile.id)
            let entry = try await database.store.cases.entry(filed.caseFile.id)
            #expect(entry?.answered == true)
            #expect(entry?.caseFile.status == .inProgress)
            #expect(try await database.store.reports.followUp(reportID: filed.reportID)?.messages.map(\.author) == [.responder])
        }
    }

    @Test("opening a file is audited, and the copy without metadata is what responders get by default", arguments: TestEngine.available)
    func openEvidence(engine: TestEngine) async throws {
        try await TestDatabase.with(engine, clock: .fixed(now)) { database async throws in
            let shot = EvidenceFile(name: "shot.png", mediaType: .png, size: 4, sha256: "ab", receivedAt: now)
            let filed = try await file(database, category: .doxxing, country: "SN", language: "fr",
                                       evidence: [EvidenceUpload(file: shot, original: [1, 2, 3, 4], redacted: [1, 2])])
            let staff = StaffAccount.ID()
            #expect(try await database.store.cases.evidence(in: filed.caseFile.id) == [shot])
            let opened = try await database.store.cases.openEvidence(shot.id, original: false, by: staff)
            #expect(opened?.1 == [1, 2])
            #expect(try await database.store.cases.openEvidence(shot.id, original: true, by: staff)?.1 == [1, 2, 3, 4])
            let timeline = try await database.store.cases.timeline(of: filed.caseFile.id)
            #expect(timeline.filter { $0.action == "evidence.opened" }.count == 2)
            #expect(timeline.first?.action == "report.filed")
        }
    }

    @Test("notes are sealed and listed in order", arguments: TestEngine.available)
    func notes(engine: TestEngine) async throws {
        try await TestDatabase.with(engine, clock: .fixed(now)) { database async throws in
            let filed = try await file(database, category: .doxxing, country: "SN", language: "fr")
            let staff = StaffAccount(username: "amina", displayName: "A", role: .responder, languages: [], regions: [], createdAt: now)
            try await database.store.staff.add(staff, credentials: StaffCredentials(passwordHash: "h", totpSecret: "S"))
            try await database.store.cases.addNote(CaseNote(caseID: filed.caseFile.id, staffID: staff.id, body: "secret note text", writtenAt: now))
            #expect(try await database.store.cases.notes(in: filed.caseFile.id).map(\.body) == ["secret note text"])
            #expect(!(try await database.allStoredText()).contains("secret note text"))
        }
    }

    @Test("exposure to graphic items is counted per responder and day", arguments: TestEngine.available)
    func exposure(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database async throws in
            let staff = StaffAccount(username: "amina", displayName: "A", role: .responder, languages: [], regions: [], createdAt: now)
            try await database.store.staff.add(staff, credentials: StaffCredentials(passwordHash: "h", totpSecret: "S"))
            #expect(try await database.store.cases.recordExposure(of: staff.id, day: "2026-11-25") == 1)
            #expect(try await database.store.cases.recordExposure(of: staff.id, day: "2026-11-25") == 2)
            #expect(try await database.store.cases.exposure(of: staff.id, day: "2026-11-26") == 0)
        }
    }
}
