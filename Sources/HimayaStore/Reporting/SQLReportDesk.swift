public import Foundation
public import HimayaCore
import Crypto
import SQLKit

/// Reports, cases, evidence, receipts and threads. Everything a reporter wrote is sealed; the target
/// account and content references are also kept as blind indexes so duplicate reports join one case.
public struct SQLReportDesk: ReportDesk {
    private let source: any SQLConnectionSource
    private let sealer: Sealer
    private let index: BlindIndex
    private let clock: WallClock

    init(source: any SQLConnectionSource, sealer: Sealer, index: BlindIndex, clock: WallClock) {
        self.source = source
        self.sealer = sealer
        self.index = index
        self.clock = clock
    }

    static let openStatuses: [any Encodable & Sendable] = CaseStatus.allCases.filter(\.isOpen).map(\.rawValue)

    /// Hex SHA-256 of a receipt code: the code has 100 random bits, so a fast hash is enough.
    static func receiptHash(_ code: ReceiptCode) -> String {
        Hex.encode(SHA256.hash(data: Data(code.canonical.utf8)))
    }

    public func file(_ intake: ReportIntake) async throws -> FiledReport {
        let report = intake.report
        let targetIndex = report.targetAccount.map(index.index)
        let contentIndexes = Array(Set(report.contentReferences.map(index.index))).sorted()
        let sealed = try SealedReport(report, sealer: sealer)
        let sealedEvidence = try intake.evidence.map { try SealedEvidence($0, sealer: sealer) }
        return try await source.transaction { [clock, engine = source.engine] db in
            let now = clock.now
            var existing: Case?
            if let targetIndex, !contentIndexes.isEmpty {
                existing = try await db.raw(
                    """
                    SELECT * FROM cases c
                    WHERE c.target_index = \(bind: targetIndex) AND c.status IN (\(binds: Self.openStatuses))
                      AND EXISTS (SELECT 1 FROM case_content cc WHERE cc.case_id = c.id
                                  AND cc.content_index IN (\(binds: contentIndexes)))
                    ORDER BY c.opened_at LIMIT 1
                    """
                ).first().map(Self.caseFile(from:))
            }
            let caseFile: Case
            if var merged = existing {
                merged.reportCount += 1
                if intake.assessment.priority < merged.priority {
                    // A more urgent report makes the case more urgent, never the other way round.
                    merged.priority = intake.assessment.priority
                    merged.firstResponseDue = min(merged.firstResponseDue, intake.serviceLevels.firstResponseDue(for: merged.priority, openedAt: now))
                    merged.resolutionDue = min(merged.resolutionDue, intake.serviceLevels.resolutionDue(for: merged.priority, openedAt: now))
                }
                for factor in intake.assessment.factors.map(\.code) where !merged.priorityFactors.contains(factor) {
                    merged.priorityFactors.append(factor)
                }
                merged.immediateDanger = merged.immediateDanger || report.immediateDanger
                try await db.raw(
                    """
                    UPDATE cases SET priority = \(bind: merged.priority.rawValue),
                        priority_factors = \(bind: merged.priorityFactors.joined(separator: " ")),
                        first_response_due = \(bind: Timestamp.millis(merged.firstResponseDue)),
                        resolution_due = \(bind: Timestamp.millis(merged.resolutionDue)),
                        immediate_danger = \(bind: merged.immediateDanger ? 1 : 0), report_count = \(bind: merged.reportCount),
                        updated_at = \(bind: Timestamp.millis(now))
                    WHERE id = \(bind: merged.id.description)
                    """
                ).run()
                caseFile = merged
            } else {
                let priority = intake.assessment.priority
                let created = Case(
                    reference: Self.newReference(), status: .new, priority: priority,
                    priorityFactors: intake.assessment.factors.map(\.code), category: report.category, country: report.country,
                    language: report.attackLanguage, reporterLanguage: report.reporterLanguage,
                    immediateDanger: report.immediateDanger, openedAt: now,
                    firstResponseDue: intake.serviceLevels.firstResponseDue(for: priority, openedAt: now),
                    resolutionDue: intake.serviceLevels.resolutionDue(for: priority, openedAt: now), reportCount: 1)
                try await db.raw(
                    """
                    INSERT INTO cases (id, reference, status, priority, priority_factors, category, country, language,
                        reporter_language, immediate_danger, target_index, opened_at, first_response_due, resolution_due,
                        report_count, updated_at)
                    VALUES (\(bind: created.id.description), \(bind: created.reference), \(bind: created.status.rawValue),
                        \(bind: priority.rawValue), \(bind: created.priorityFactors.joined(separator: " ")),
                        \(bind: created.category.rawValue), \(bind: created.country), \(bind: created.language),
                        \(bind: created.reporterLanguage), \(bind: created.immediateDanger ? 1 : 0), \(bind: targetIndex),
                        \(bind: Timestamp.millis(now)), \(bind: Timestamp.millis(created.firstResponseDue)),
                        \(bind: Timestamp.millis(created.resolutionDue)), 1, \(bind: Timestamp.millis(now)))
                    """
                ).run()
                caseFile = created
            }
            for content in contentIndexes {
                try await db.raw(
                    """
                    INSERT INTO case_content (case_id, content_index) VALUES (\(bind: caseFile.id.description), \(bind: content))
                    ON CONFLICT DO NOTHING
                    """
                ).run()
            }
            try await sealed.insert(on: db, caseID: caseFile.id)
            for evidence in sealedEvidence {
                try await evidence.insert(on: db, reportID: report.id, caseID: caseFile.id)
            }
            try await db.raw(
                """
                INSERT INTO receipts (code_hash, report_id, created_at)
                VALUES (\(bind: Self.receiptHash(intake.receipt)), \(bind: report.id.description), \(bind: Timestamp.millis(now)))
                """
            ).run()
            try await SQLAuditTrail.append(
                AuditEntry(
                    actor: report.source.partnerID.map { "partner:\($0)" } ?? "anonymous", action: "report.filed",
                    subject: "case:\(caseFile.id)",
                    detail: [
                        "report": report.id.description, "joined_open_case": existing != nil ? "yes" : "no",
                        "priority": caseFile.priority.description, "files": String(intake.evidence.count),
                        "source": report.source.kind,
                    ]),
                on: db, engine: engine, at: now)
            return FiledReport(reportID: report.id, caseFile: caseFile, joinedOpenCase: existing != nil)
        }
    }

    public func followUp(receipt: ReceiptCode) async throws -> FollowUp? {
        let row = try await source.withConnection { db in
            try await db.raw("SELECT report_id FROM receipts WHERE code_hash = \(bind: Self.receiptHash(receipt))").first()
        }
        guard let row, let reportID = Report.ID(try row.decode(column: "report_id", as: String.self)) else { return nil }
        return try await followUp(reportID: reportID)
    }

    public func followUp(reportID: Report.ID) async throws -> FollowUp? {
        let (reportRow, caseRow, messageRows, evidenceRows) = try await source.withConnection { db in
            let report = try await db.raw(
                "SELECT case_id, reporter_language FROM reports WHERE id = \(bind: reportID.description)"
            ).first()
            guard let report else { return (nil as (any SQLRow)?, nil as (any SQLRow)?, [any SQLRow](), [any SQLRow]()) }
            let caseID = try report.decode(column: "case_id", as: String.self)
            let caseRow = try await db.raw("SELECT * FROM cases WHERE id = \(bind: caseID)").first()
            let messages = try await db.raw(
                "SELECT * FROM report_messages WHERE report_id = \(bind: reportID.description) ORDER BY sent_at, id"
            ).all()
            let evidence = try await db.raw(
                """
                SELECT id, media_type, name_sealed, size, sha256, received_at FROM evidence_files
                WHERE report_id = \(bind: reportID.description) ORDER BY received_at, id
                """
            ).all()
            return (report, caseRow, messages, evidence)
        }
        guard let reportRow, let caseRow else { return nil }
        return FollowUp(
            reportID: reportID, caseFile: try Self.caseFile(from: caseRow),
            messages: try messageRows.map { try message(from: $0) },
            evidence: try evidenceRows.map { try evidenceFile(from: $0) },
            reporterLanguage: try reportRow.decode(column: "reporter_language", as: String.self))
    }

    public func addMessage(_ message: ReportMessage) async throws {
        let sealed = try SealedMessage(message, sealer: sealer)
        try await source.transaction { [clock, engine = source.engine] db in
            try await sealed.insert(on: db)
            let actor = message.staffID.map { "staff:\($0)" } ?? "reporter"
            try await SQLAuditTrail.append(
                AuditEntry(actor: actor, action: "message.sent", subject: "report:\(message.reportID)", detail: ["message": message.id.description]),
                on: db, engine: engine, at: clock.now)
        }
    }

    public func addEvidence(_ evidence: [EvidenceUpload], to reportID: Report.ID) async throws {
        let sealedEvidence = try evidence.map { try SealedEvidence($0, sealer: sealer) }
        try await source.transaction { [clock, engine = source.engine] db in
            guard let row = try await db.raw("SELECT case_id FROM reports WHERE id = \(bind: reportID.description)").first(),
                let caseID = Case.ID(try row.decode(column: "case_id", as: String.self))
            else { throw StoreError.notFound("report") }
            for item in sealedEvidence {
                try await item.insert(on: db, reportID: reportID, caseID: caseID)
            }
            try await SQLAuditTrail.append(
                AuditEntry(actor: "reporter", action: "evidence.added", subject: "report:\(reportID)", detail: ["files": String(evidence.count)]),
                on: db, engine: engine, at: clock.now)
        }
    }

    public func caseFile(id: Case.ID) async throws -> Case? {
        try await source.withConnection { db in
            try await db.raw("SELECT * FROM cases WHERE id = \(bind: id.description)").first().map(Self.caseFile(from:))
        }
    }

    public func filingPartner(of reportID: Report.ID) async throws -> Partner.ID? {
        try await source.withConnection { db in
            let row = try await db.raw("SELECT partner_id FROM reports WHERE id = \(bind: reportID.description)").first()
            return try row?.decode(column: "partner_id", as: String?.self).flatMap(Partner.ID.init)
        }
    }

    /// A short reference people can quote: `H-` and eight characters of the receipt alphabet.
    static func newReference() -> String {
        "H-" + ReceiptCode.generate().canonical.prefix(8)
    }

    static func caseFile(from row: any SQLRow) throws -> Case {
        Case(
            id: Case.ID(try row.decode(column: "id", as: String.self)) ?? Case.ID(),
            reference: try row.decode(column: "reference", as: String.self),
            status: CaseStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .new,
            priority: Priority(rawValue: try row.decode(column: "priority", as: Int.self)) ?? .p3,
            priorityFactors: try row.decode(column: "priority_factors", as: String.self).split(separator: " ").map(String.init),
            category: IncidentCategory(rawValue: try row.decode(column: "category", as: String.self)) ?? .other,
            country: try row.decode(column: "country", as: String.self),
            language: try row.decode(column: "language", as: String?.self),
            reporterLanguage: try row.decode(column: "reporter_language", as: String.self),
            immediateDanger: try row.decode(column: "immediate_danger", as: Int.self) != 0,
            openedAt: Timestamp.date(try row.decode(column: "opened_at", as: Int64.self)),
            firstResponseDue: Timestamp.date(try row.decode(column: "first_response_due", as: Int64.self)),
            resolutionDue: Timestamp.date(try row.decode(column: "resolution_due", as: Int64.self)),
            reportCount: try row.decode(column: "report_count", as: Int.self))
    }

    private func message(from row: any SQLRow) throws -> ReportMessage {
        let id = ReportMessage.ID(try row.decode(column: "id", as: String.self)) ?? ReportMessage.ID()
        return ReportMessage(
            id: id, reportID: Report.ID(try row.decode(column: "report_id", as: String.self)) ?? Report.ID(),
            author: ReportMessage.Author(rawValue: try row.decode(column: "author", as: String.self)) ?? .responder,
            staffID: try row.decode(column: "staff_id", as: String?.self).flatMap(StaffAccount.ID.init),
            body: try sealer.openText(try row.decode(column: "body_sealed", as: String.self), context: "report_messages.body:\(id)"),
            sentAt: Timestamp.date(try row.decode(column: "sent_at", as: Int64.self)))
    }

    private func evidenceFile(from row: any SQLRow) throws -> EvidenceFile {
        try SealedEvidence.file(from: row, sealer: sealer)
    }

    public func hold(_ upload: EvidenceUpload, tokenHash: String, until expiry: Date) async throws {
        let file = upload.file
        let name = try sealer.seal(file.name, context: "held_uploads.name:\(tokenHash)")
        let original = try sealer.seal(Data(upload.original), context: "held_uploads.original:\(tokenHash)")
        let redacted = try sealer.seal(Data(upload.redacted), context: "held_uploads.redacted:\(tokenHash)")
        try await source.withConnection { db in
            try await db.raw(
                """
                INSERT INTO held_uploads (token_hash, media_type, name_sealed, size, sha256, received_at, original_sealed,
                    redacted_sealed, expires_at)
                VALUES (\(bind: tokenHash), \(bind: file.mediaType.rawValue), \(bind: name), \(bind: file.size), \(bind: file.sha256),
                    \(bind: Timestamp.millis(file.receivedAt)), \(bind: original), \(bind: redacted), \(bind: Timestamp.millis(expiry)))
                """
            ).run()
        }
    }

    public func takeHeld(tokenHashes: [String], at now: Date) async throws -> [EvidenceUpload] {
        guard !tokenHashes.isEmpty else { return [] }
        let rows = try await source.transaction { db in
            let rows = try await db.raw(
                """
                SELECT * FROM held_uploads WHERE token_hash IN (\(binds: tokenHashes)) AND expires_at > \(bind: Timestamp.millis(now))
                ORDER BY received_at, token_hash
                """
            ).all()
            try await db.raw("DELETE FROM held_uploads WHERE token_hash IN (\(binds: tokenHashes))").run()
            return rows
        }
        return try rows.map { row in
            let token = try row.decode(column: "token_hash", as: String.self)
            // The file keeps the time it was first received: its chain of custody starts there.
            let file = EvidenceFile(
                name: try sealer.openText(try row.decode(column: "name_sealed", as: String.self), context: "held_uploads.name:\(token)"),
                mediaType: EvidenceMediaType(rawValue: try row.decode(column: "media_type", as: String.self)) ?? .pdf,
                size: try row.decode(column: "size", as: Int.self), sha256: try row.decode(column: "sha256", as: String.self),
                receivedAt: Timestamp.date(try row.decode(column: "received_at", as: Int64.self)))
            return EvidenceUpload(
                file: file,
                original: Array(try sealer.open(try row.decode(column: "original_sealed", as: String.self), context: "held_uploads.original:\(token)")),
                redacted: Array(try sealer.open(try row.decode(column: "redacted_sealed", as: String.self), context: "held_uploads.redacted:\(token)")))
        }
    }

    public func heldFileNames(tokenHashes: [String], at now: Date) async throws -> [String: String] {
        guard !tokenHashes.isEmpty else { return [:] }
        let rows = try await source.withConnection { db in
            try await db.raw(
                """
                SELECT token_hash, name_sealed FROM held_uploads
                WHERE token_hash IN (\(binds: tokenHashes)) AND expires_at > \(bind: Timestamp.millis(now))
                """
            ).all()
        }
        var names: [String: String] = [:]
        for row in rows {
            let token = try row.decode(column: "token_hash", as: String.self)
            names[token] = try sealer.openText(try row.decode(column: "name_sealed", as: String.self), context: "held_uploads.name:\(token)")
        }
        return names
    }

    public func openFollowUpSession(tokenHash: String, reportID: Report.ID, until expiry: Date) async throws {
        try await source.withConnection { db in
            try await db.raw(
                """
                INSERT INTO follow_up_sessions (token_hash, report_id, expires_at)
                VALUES (\(bind: tokenHash), \(bind: reportID.description), \(bind: Timestamp.millis(expiry)))
                """
            ).run()
        }
    }

    public func followUpSession(tokenHash: String, at now: Date) async throws -> Report.ID? {
        try await source.withConnection { db in
            try await db.raw(
                """
                SELECT report_id FROM follow_up_sessions
                WHERE token_hash = \(bind: tokenHash) AND expires_at > \(bind: Timestamp.millis(now))
                """
            ).first()?.decode(column: "report_id", as: String.self)
        }.flatMap(Report.ID.init)
    }

    public func closeFollowUpSession(tokenHash: String) async throws {
        try await source.withConnection { db in
            try await db.raw("DELETE FROM follow_up_sessions WHERE token_hash = \(bind: tokenHash)").run()
        }
    }

    public func removeExpired(at now: Date) async throws -> Int {
        try await source.transaction { db in
            let held = try await db.raw(
                "DELETE FROM held_uploads WHERE expires_at <= \(bind: Timestamp.millis(now)) RETURNING token_hash").all().count
            let sessions = try await db.raw(
                "DELETE FROM follow_up_sessions WHERE expires_at <= \(bind: Timestamp.millis(now)) RETURNING token_hash").all().count
            return held + sessions
        }
    }
}
