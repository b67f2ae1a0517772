import Foundation
import HimayaCore
import HimayaDetection
import Testing

@Suite("Enforcement guard rules")
struct EnforcementTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func report(_ reporter: String, age: Int? = nil, text: String? = nil, minutesAgo: Double = 5) -> EnforcementReport {
        EnforcementReport(reporterIndex: reporter, reporterAccountAgeDays: age, textFingerprint: text.map(SimHash.of), reportedAt: now.addingTimeInterval(-minutesAgo * 60))
    }

    @Test("a suspension starts at P1 and each aggravating factor raises it one level")
    func priority() {
        #expect(EnforcementReview.assess(action: .suspension, riskTier: nil, civicSpace: nil, activeEvent: nil, campaign: false).priority == .p1)
        #expect(EnforcementReview.assess(action: .demonetisation, riskTier: nil, civicSpace: nil, activeEvent: nil, campaign: false).priority == .p3)
        let raised = EnforcementReview.assess(action: .removal, riskTier: .high, civicSpace: nil, activeEvent: nil, campaign: true)
        #expect(raised.priority == .p0)
        #expect(raised.factors == ["action:removal:P2", "risk_tier:high", "report_campaign"])
    }

    @Test("a review is decided once, and never without a reason")
    func deciding() {
        let review = EnforcementReview(defenderID: .init(), contentID: "p1", action: .removal, platformReason: nil, priority: .p2, priorityFactors: [], requestedAt: now, dueAt: now)
        #expect(review.deciding(.overturn, reason: "  ", politicalSpeech: true, by: .init(), at: now) == nil)
        let decided = review.deciding(.overturn, reason: "Reporting on a protest is not incitement.", politicalSpeech: true, by: .init(), at: now)
        #expect(decided?.status == .overturned)
        #expect(decided?.deciding(.uphold, reason: "again", politicalSpeech: false, by: .init(), at: now) == nil)
    }

    @Test("a single honest report is not a campaign")
    func honestReport() {
        let finding = MassReportDetector().assess([report("a", age: 900, text: "This post shares my photo without asking")], knownAttackers: [], at: now)
        #expect(!finding.isCampaign)
    }

    @Test("a burst of reports from fresh accounts is flagged, with both signs")
    func burstOfFreshAccounts() {
        let reports = (0..<6).map { report("acct-\($0)", age: 2) }
        let finding = MassReportDetector().assess(reports, knownAttackers: [], at: now)
        #expect(finding.signs == [.burst, .freshAccounts])
        #expect(finding.figures["fresh_reporters"] == 6)
    }

    @Test("reports spread over days are no burst")
    func spreadOut() {
        let reports = (0..<6).map { report("acct-\($0)", age: 400, minutesAgo: Double($0) * 600) }
        #expect(!MassReportDetector().assess(reports, knownAttackers: [], at: now).signs.contains(.burst))
    }

    @Test("near-identical report texts from a template are flagged")
    func template() {
        let texts = [
            "This account spreads terrorist propaganda and must be banned now",
            "This account spreads terrorist propaganda and must be banned now!!",
            "this account spreads terrorist propaganda and must be banned now please",
        ]
        let reports = texts.enumerated().map { report("r\($0.offset)", age: 300, text: $0.element) }
        let finding = MassReportDetector().assess(reports, knownAttackers: [], at: now)
        #expect(finding.signs == [.nearIdenticalTexts])
    }

    @Test("reporters already seen in a pile-on against the defender are flagged")
    func knownAttackers() {
        let finding = MassReportDetector().assess([report("x", age: 500), report("y", age: 500)], knownAttackers: ["x", "y", "z"], at: now)
        #expect(finding.signs == [.knownAttackers])
    }

    @Test("SimHash puts a text with a word changed a few bits away and an unrelated text far away")
    func simHash() {
        let a = SimHash.of("The defender's house is on the corner of the market street near the school")
        let b = SimHash.of("The defender's house is on the corner of the market street near the mosque")
        let c = SimHash.of("Lovely weather for the football final this weekend, see you all there")
        #expect(SimHash.distance(a, b) < SimHash.distance(a, c))
        #expect(SimHash.distance(a, c) > 12)
    }
}

@Suite("Shift coverage")
struct CoverageTests {
    func staff(_ languages: [String]) -> StaffAccount {
        StaffAccount(username: "u\(languages.joined())", displayName: "U", role: .responder, languages: languages, regions: ["global"], createdAt: Date())
    }

    @Test("a language of open cases that nobody on shift reads is a gap; one read on shift is not")
    func gaps() {
        let open: [String?: Int] = ["fr": 3, "ar": 2, nil: 4, "es": 0]
        #expect(Coverage.gaps(openByLanguage: open, onShift: []).map(\.language) == ["ar", "fr"])
        #expect(Coverage.gaps(openByLanguage: open, onShift: [staff(["fr", "en"])]).map(\.language) == ["ar"])
    }

    @Test("a shift counts from its start until its end")
    func onShift() {
        let start = Date(timeIntervalSince1970: 1_000)
        let shift = Shift(staffID: .init(), startedAt: start, endsAt: start.addingTimeInterval(3600))
        #expect(shift.isOn(at: start) && shift.isOn(at: start.addingTimeInterval(3599)))
        #expect(!shift.isOn(at: start.addingTimeInterval(3600)) && !shift.isOn(at: start.addingTimeInterval(-1)))
    }
}
