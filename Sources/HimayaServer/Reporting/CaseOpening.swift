import Foundation
public import HimayaCore
import HimayaStore
import Logging

/// Opens (or joins) a case that Himaya files itself, with no form: for what scanning found, for a
/// campaign of false reports, or for a defender who locked their account down and asked for help.
/// It goes through the same path as a report: the same priority rule and deadlines, the same
/// queue. The narrative holds only the rules' explanations (list names and figures), never the
/// content or anyone's name. `source` says who it is for: `.automatedDetection` when nobody asked,
/// otherwise the defender themself (who is then the target).
public struct CaseOpening: Sendable {
    let himaya: Himaya

    public init(himaya: Himaya) { self.himaya = himaya }

    public func file(
        contentID: String, category: IncidentCategory, reasons: [String], defenderID: Defender.ID?, targetAccount: String?,
        language: String?, threateningText: Bool, source: ReportSource = .automatedDetection, narrativePrefix: String = "Found by scanning: "
    ) async throws -> FiledReport {
        let now = himaya.clock.now
        var defender = try await defenderID.asyncMap { try await himaya.store.defenders.defender(id: $0) } ?? nil
        if defender == nil, let targetAccount {
            defender = try await himaya.store.defenders.defender(holding: targetAccount)
        }
        // Where the attacked person is decides the region and the civic-space factor; unknown is ZZ.
        let country = defender?.country ?? "ZZ"
        let profile = himaya.countries.profiles[country]
        let report = Report(
            source: source, category: category, immediateDanger: false, reporterIsTarget: source != .automatedDetection,
            targetAccount: targetAccount, country: country, attackLanguage: language, reporterLanguage: "en",
            narrative: narrativePrefix + reasons.joined(separator: "; "), contentReferences: [contentID],
            consent: ReportConsent(contact: .followUpOnly), contactAddress: nil, urgent: false, receivedAt: now)
        let assessment = PriorityPolicy.assess(
            .init(
                category: category, immediateDanger: false, riskTier: defender?.riskTier, civicSpace: profile?.civicSpace,
                activeEvent: profile?.activeEvent(at: now)?.id,
                alteredImageWithThreat: category == .alteredImage && threateningText))
        // Nobody holds a receipt for a case scanning opened; the code is made and never shown.
        let filed = try await himaya.store.reports.file(
            ReportIntake(report: report, assessment: assessment, serviceLevels: himaya.configuration.serviceLevels,
                         receipt: ReceiptCode.generate(), evidence: []))
        himaya.logger.info("case opened by scanning", metadata: ["case": "\(filed.caseFile.id)", "priority": "\(filed.caseFile.priority)"])
        return filed
    }
}
