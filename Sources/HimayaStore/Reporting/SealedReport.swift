import Foundation
import HimayaCore
import SQLKit

/// A report's row with every field the reporter wrote sealed, ready to insert.
struct SealedReport: Sendable {
    let report: Report
    let target: String?
    let narrative: String
    let references: String
    let contact: String?

    init(_ report: Report, sealer: Sealer) throws {
        self.report = report
        let id = report.id
        self.target = try report.targetAccount.map { try sealer.seal($0, context: "reports.target:\(id)") }
        self.narrative = try sealer.seal(report.narrative, context: "reports.narrative:\(id)")
        self.references = try sealer.seal(report.contentReferences.joined(separator: "\n"), context: "reports.references:\(id)")
        self.contact = try report.contactAddress.map { try sealer.seal($0, context: "reports.contact:\(id)") }
    }

    func insert(on db: any SQLDatabase, caseID: Case.ID) async throws {
        try await db.raw(
            """
            INSERT INTO reports (id, case_id, source, partner_id, category, immediate_danger, reporter_is_target,
                target_sealed, country, attack_language, reporter_language, narrative_sealed, references_sealed,
                contact_method, contact_sealed, share_partner_id, law_enforcement, urgent, received_at)
            VALUES (\(bind: report.id.description), \(bind: caseID.description), \(bind: report.source.kind),
                \(bind: report.source.partnerID?.description), \(bind: report.category.rawValue),
                \(bind: report.immediateDanger ? 1 : 0), \(bind: report.reporterIsTarget ? 1 : 0), \(bind: target),
                \(bind: report.country), \(bind: report.attackLanguage), \(bind: report.reporterLanguage), \(bind: narrative),
                \(bind: references), \(bind: report.consent.contact.rawValue), \(bind: contact),
                \(bind: report.consent.shareWithPartner?.description), \(bind: report.consent.lawEnforcement ? 1 : 0),
                \(bind: report.urgent ? 1 : 0), \(bind: Timestamp.millis(report.receivedAt)))
            """
        ).run()
    }
}

/// An evidence file's row, sealed: the original as received and the copy without metadata.
struct SealedEvidence: Sendable {
    let file: EvidenceFile
    let name: String
    let original: String
    let redacted: String

    init(_ upload: EvidenceUpload, sealer: Sealer) throws {
        self.file = upload.file
        let id = upload.file.id
        self.name = try sealer.seal(upload.file.name, context: "evidence_files.name:\(id)")
        self.original = try sealer.seal(Data(upload.original), context: "evidence_files.original:\(id)")
        self.redacted = try sealer.seal(Data(upload.redacted), context: "evidence_files.redacted:\(id)")
    }

    func insert(on db: any SQLDatabase, reportID: Report.ID, caseID: Case.ID) async throws {
        try await db.raw(
            """
            INSERT INTO evidence_files (id, report_id, case_id, media_type, name_sealed, size, sha256, received_at,
                original_sealed, redacted_sealed)
            VALUES (\(bind: file.id.description), \(bind: reportID.description), \(bind: caseID.description),
                \(bind: file.mediaType.rawValue), \(bind: name), \(bind: file.size), \(bind: file.sha256),
                \(bind: Timestamp.millis(file.receivedAt)), \(bind: original), \(bind: redacted))
            """
        ).run()
    }
}
