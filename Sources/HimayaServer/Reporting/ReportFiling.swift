import Foundation
public import HimayaCore
import HimayaStore
import Logging

/// Accepts a report from any door (form or API): checks it, sets its priority from the country, the
/// events running there and the partner's urgency, and stores it with its files in one transaction.
public struct ReportFiling: Sendable {
    let himaya: Himaya

    public init(himaya: Himaya) { self.himaya = himaya }

    /// A stored report and the receipt code to show once.
    public struct Accepted: Sendable {
        public let filed: FiledReport
        public let receipt: ReceiptCode
    }

    public func file(
        _ draft: ReportDraft, source: ReportSource, reporterLanguage: String, evidence: [EvidenceUpload]
    ) async throws -> Result<Accepted, ValidationFailure> {
        let now = himaya.clock.now
        // The partner list is read only when the reporter chose one to share with.
        let partners = (draft.sharePartner ?? "").isEmpty ? [] : Set(try await himaya.store.partners.all().map(\.id))
        let validated = draft.validate(
            source: source, reporterLanguage: reporterLanguage, knownPartners: partners, receivedAt: now,
            hasEvidenceFiles: !evidence.isEmpty)
        let report: Report
        switch validated {
        case .success(let valid): report = valid
        case .failure(let failure): return .failure(failure)
        }
        let profile = himaya.countries.profiles[report.country]
        // An attack on an enrolled defender weighs with how exposed that defender is.
        let defender = try await report.targetAccount.asyncMap { try await himaya.store.defenders.defender(holding: $0) } ?? nil
        let assessment = PriorityPolicy.assess(
            .init(
                category: report.category, immediateDanger: report.immediateDanger, riskTier: defender?.riskTier,
                civicSpace: profile?.civicSpace,
                activeEvent: profile?.activeEvent(at: now)?.id, partnerUrgent: report.urgent && source.partnerID != nil))
        let receipt = ReceiptCode.generate()
        let filed = try await himaya.store.reports.file(
            ReportIntake(report: report, assessment: assessment, serviceLevels: himaya.configuration.serviceLevels, receipt: receipt, evidence: evidence))
        himaya.logger.info(
            "report filed",
            metadata: ["case": "\(filed.caseFile.id)", "report": "\(filed.reportID)", "priority": "\(filed.caseFile.priority)"])
        return .success(Accepted(filed: filed, receipt: receipt))
    }
}

extension Optional {
    /// `map` for an async transform.
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        switch self {
        case .some(let value): try await transform(value)
        case .none: nil
        }
    }
}
