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

    /// The report in a row, unsealed.
    static func open(_ row: any SQLRow, sealer: Sealer) throws -> Report {
        let id = Report.ID(try row.decode(column: "id", as: String.self)) ?? Report.ID()
        let partner = try row.decode(column: "partner_id", as: String?.self).flatMap(Partner.ID.init)
        let source: ReportSource =
            switch (try row.decode(column: "source", as: String.self), partner) {
            case ("partner_form", .some(let partner)): .partnerForm(partner)
            case ("partner_api", .some(let partner)): .partnerAPI(partner)
            case ("automated_detection", _): .automatedDetection
            default: .anonymousForm
            }
        let references = try sealer.openText(try row.decode(column: "references_sealed", as: String.self), context: "reports.references:\(id)")
        return Report(
            id: id, source: source,
            category: IncidentCategory(rawValue: try row.decode(column: "category", as: String.self)) ?? .other,
            immediateDanger: try row.decode(column: "immediate_danger", as: Int.self) != 0,
            reporterIsTarget: try row.decode(column: "reporter_is_target", as: Int.self) != 0,
            targetAccount: try row.decode(column: "target_sealed", as: String?.self).map { try sealer.openText($0, context: "reports.target:\(id)") },
            country: try row.decode(column: "country", as: String.self),
            attackLanguage: try row.decode(column: "attack_language", as: String?.self),
            reporterLanguage: try row.decode(column: "reporter_language", as: String.self),
            narrative: try sealer.openText(try row.decode(column: "narrative_sealed", as: String.self), context: "reports.narrative:\(id)"),
            contentReferences: references.split(separator: "\n").map(String.init),
            consent: ReportConsent(
                contact: ContactMethod(rawValue: try row.decode(column: "contact_method", as: String.self)) ?? .followUpOnly,
                shareWithPartner: try row.decode(column: "share_partner_id", as: String?.self).flatMap(Partner.ID.init),
                lawEnforcement: try row.decode(column: "law_enforcement", as: Int.self) != 0),
            contactAddress: try row.decode(column: "contact_sealed", as: String?.self).map { try sealer.openText($0, context: "reports.contact:\(id)") },
            urgent: try row.decode(column: "urgent", as: Int.self) != 0,
            receivedAt: Timestamp.date(try row.decode(column: "received_at", as: Int64.self)))
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

    /// The file described by an `evidence_files` row (its bytes are not read here).
    static func file(from row: any SQLRow, sealer: Sealer) throws -> EvidenceFile {
        let id = EvidenceFile.ID(try row.decode(column: "id", as: String.self)) ?? EvidenceFile.ID()
        return EvidenceFile(
            id: id,
            name: try sealer.openText(try row.decode(column: "name_sealed", as: String.self), context: "evidence_files.name:\(id)"),
            mediaType: EvidenceMediaType(rawValue: try row.decode(column: "media_type", as: String.self)) ?? .pdf,
            size: try row.decode(column: "size", as: Int.self), sha256: try row.decode(column: "sha256", as: String.self),
            receivedAt: Timestamp.date(try row.decode(column: "received_at", as: Int64.self)))
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

/// A message's row with its body sealed, ready to insert; every thread message goes in this way.
struct SealedMessage: Sendable {
    let message: ReportMessage
    let body: String

    init(_ message: ReportMessage, sealer: Sealer) throws {
        self.message = message
        self.body = try sealer.seal(message.body, context: "report_messages.body:\(message.id)")
    }

    func insert(on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            INSERT INTO report_messages (id, report_id, author, staff_id, body_sealed, sent_at)
            VALUES (\(bind: message.id.description), \(bind: message.reportID.description), \(bind: message.author.rawValue),
                \(bind: message.staffID?.description), \(bind: body), \(bind: Timestamp.millis(message.sentAt)))
            """
        ).run()
    }
}
