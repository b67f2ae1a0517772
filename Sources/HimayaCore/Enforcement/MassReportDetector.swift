public import Foundation
import HimayaDetection

/// One report the platform received against an enrolled defender's account or content. The
/// reporter is kept only as a keyed hash and the text only as its SimHash.
public struct EnforcementReport: Sendable, Equatable {
    public var reporterIndex: String
    /// Days since the reporting account was created, if the platform said.
    public var reporterAccountAgeDays: Int?
    public var textFingerprint: UInt64?
    public var reportedAt: Date

    public init(reporterIndex: String, reporterAccountAgeDays: Int?, textFingerprint: UInt64?, reportedAt: Date) {
        self.reporterIndex = reporterIndex
        self.reporterAccountAgeDays = reporterAccountAgeDays
        self.textFingerprint = textFingerprint
        self.reportedAt = reportedAt
    }
}

/// A sign that reports against a defender are a campaign, not honest flags.
public enum CampaignSign: String, Sendable, CaseIterable, Codable {
    /// Many distinct accounts reporting within a short window.
    case burst
    /// Most reporters are accounts made days ago.
    case freshAccounts = "fresh_accounts"
    /// Reporters already seen in a pile-on against this defender.
    case knownAttackers = "known_attackers"
    /// Reports with near-identical texts, as from a shared template.
    case nearIdenticalTexts = "near_identical_texts"

    public var messageKey: String { "campaign_sign_\(rawValue)" }
}

/// Looks at the recent reports against one defender and says which campaign signs they show.
/// Thresholds are deliberately plain so a responder can check them by hand.
public struct MassReportDetector: Sendable {
    public var window: TimeInterval = 3600
    /// Distinct reporters within `window` that make a burst.
    public var burstReporters = 5
    public var freshAccountDays = 7
    /// Fresh reporters needed (and at least half of all reporters).
    public var freshReporters = 3
    public var knownAttackerReporters = 2
    /// Reports whose SimHash lies within `nearIdenticalBits` of another's.
    public var nearIdenticalReports = 3
    public var nearIdenticalBits = 10

    public init() {}

    /// What the reports show, with the figures behind each sign.
    public struct Finding: Sendable, Equatable {
        public var signs: [CampaignSign]
        public var reporters: Int
        public var figures: [String: Int]

        public var isCampaign: Bool { !signs.isEmpty }
    }

    public func assess(_ reports: [EnforcementReport], knownAttackers: Set<String>, at now: Date) -> Finding {
        let recent = reports.filter { now.timeIntervalSince($0.reportedAt) <= window && $0.reportedAt <= now.addingTimeInterval(60) }
        let reporters = Set(recent.map(\.reporterIndex))
        var signs: [CampaignSign] = []
        var figures: [String: Int] = ["reporters": reporters.count, "reports": recent.count]
        if reporters.count >= burstReporters { signs.append(.burst) }
        let fresh = Set(recent.filter { ($0.reporterAccountAgeDays ?? Int.max) < freshAccountDays }.map(\.reporterIndex))
        figures["fresh_reporters"] = fresh.count
        if fresh.count >= freshReporters && fresh.count * 2 >= reporters.count { signs.append(.freshAccounts) }
        let known = reporters.intersection(knownAttackers)
        figures["known_attackers"] = known.count
        if known.count >= knownAttackerReporters { signs.append(.knownAttackers) }
        let prints = recent.compactMap(\.textFingerprint)
        var similar = 0
        for (i, print) in prints.enumerated() {
            if prints.enumerated().contains(where: { $0.offset != i && SimHash.distance($0.element, print) <= nearIdenticalBits }) { similar += 1 }
        }
        figures["near_identical"] = similar
        if similar >= nearIdenticalReports { signs.append(.nearIdenticalTexts) }
        return Finding(signs: signs, reporters: reporters.count, figures: figures)
    }
}
