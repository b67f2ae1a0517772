import Foundation
import HimayaCore
import Testing

@Suite("Priority policy")
struct PriorityPolicyTests {
    @Test("each category starts at its base priority", arguments: IncidentCategory.allCases)
    func basePriority(category: IncidentCategory) {
        let assessment = PriorityPolicy.assess(.init(category: category, immediateDanger: false))
        #expect(assessment.priority == PriorityPolicy.basePriority(of: category))
        #expect(assessment.factors == [.category(category, PriorityPolicy.basePriority(of: category))])
    }

    @Test("immediate danger is always P0")
    func dangerIsP0() {
        let assessment = PriorityPolicy.assess(.init(category: .other, immediateDanger: true))
        #expect(assessment.priority == .p0)
        #expect(assessment.factors.contains(.immediateDanger))
    }

    @Test("each aggravating factor raises one level and is named", arguments: [
        (PriorityPolicy.Inputs(category: .harassment, immediateDanger: false, riskTier: .high), PriorityPolicy.Factor.riskTier(.high)),
        (PriorityPolicy.Inputs(category: .harassment, immediateDanger: false, civicSpace: .closed), .civicSpace(.closed)),
        (PriorityPolicy.Inputs(category: .harassment, immediateDanger: false, activeEvent: "election"), .heightenedRiskEvent("election")),
        (PriorityPolicy.Inputs(category: .harassment, immediateDanger: false, partnerUrgent: true), .partnerUrgent),
    ])
    func factorRaises(inputs: PriorityPolicy.Inputs, factor: PriorityPolicy.Factor) {
        let assessment = PriorityPolicy.assess(inputs)
        #expect(assessment.priority == .p1)
        #expect(assessment.factors.contains(factor))
    }

    @Test("a standard risk tier and an open civic space change nothing")
    func mildContextChangesNothing() {
        let assessment = PriorityPolicy.assess(.init(category: .smearCampaign, immediateDanger: false, riskTier: .elevated, civicSpace: .narrowed))
        #expect(assessment.priority == .p2)
        #expect(assessment.factors.count == 1)
    }

    @Test("factors never raise past P0")
    func capped() {
        let assessment = PriorityPolicy.assess(
            .init(category: .threatOfViolence, immediateDanger: false, riskTier: .critical, civicSpace: .closed, activeEvent: "e", partnerUrgent: true))
        #expect(assessment.priority == .p0)
    }

    @Test("default deadlines are 1, 4, 24 and 72 hours for a first response")
    func defaultDeadlines() {
        let levels = ServiceLevels.standard
        #expect(Priority.allCases.map { levels.firstResponse[$0]! / 3600 } == [1, 4, 24, 72])
    }

    @Test("deadlines can be set as four hour counts, in order")
    func configuredDeadlines() {
        let hours = ServiceLevels.hours("2,6,48,96")
        #expect(hours?[.p1].map { Int($0) } == 6 * 3600)
        #expect(ServiceLevels.hours("2,6,48") == nil)
        #expect(ServiceLevels.hours("6,2,48,96") == nil)
    }
}

@Suite("Case status")
struct CaseStatusTests {
    static let allowed: [(CaseStatus, CaseStatus)] = [
        (.new, .inProgress), (.new, .waitingForReporter), (.new, .resolved), (.new, .closed),
        (.inProgress, .waitingForReporter), (.inProgress, .resolved), (.inProgress, .closed),
        (.waitingForReporter, .inProgress), (.waitingForReporter, .resolved), (.waitingForReporter, .closed),
        (.resolved, .inProgress), (.resolved, .closed),
    ]

    @Test("exactly the listed transitions are allowed")
    func transitions() {
        for from in CaseStatus.allCases {
            for to in CaseStatus.allCases {
                let expected = Self.allowed.contains { $0 == (from, to) }
                #expect(from.canMove(to: to) == expected, "\(from) -> \(to)")
            }
        }
    }

    @Test("only new, in-progress and waiting cases take new reports")
    func openStatuses() {
        #expect(CaseStatus.allCases.filter(\.isOpen) == [.new, .inProgress, .waitingForReporter])
    }
}

@Suite("Deadlines and the queue order")
struct DeadlineTests {
    let opened = Date(timeIntervalSince1970: 1_800_000_000)

    func caseFile(priority: Priority = .p1, status: CaseStatus = .new) -> Case {
        Case(reference: "H-1", status: status, priority: priority, priorityFactors: [], category: .doxxing, country: "SN", language: "fr",
             reporterLanguage: "fr", immediateDanger: false, openedAt: opened,
             firstResponseDue: ServiceLevels.standard.firstResponseDue(for: priority, openedAt: opened),
             resolutionDue: ServiceLevels.standard.resolutionDue(for: priority, openedAt: opened), reportCount: 1)
    }

    @Test("a case is due, then overdue, then breached, unless answered", arguments: [
        (TimeInterval(3600), false, DeadlineStatus.due(left: 3 * 3600)),
        (TimeInterval(5 * 3600), false, .overdue(by: 3600)),
        (TimeInterval(73 * 3600), false, .breached(by: 3600)),
        (TimeInterval(5 * 3600), true, .answered(resolutionLeft: 67 * 3600)),
    ])
    func states(elapsed: TimeInterval, answered: Bool, expected: DeadlineStatus) {
        #expect(DeadlineStatus.of(caseFile(), answered: answered, at: opened.addingTimeInterval(elapsed)) == expected)
    }

    @Test("a resolved case never shows as breached")
    func resolvedNotBreached() {
        let status = DeadlineStatus.of(caseFile(status: .resolved), answered: true, at: opened.addingTimeInterval(1000 * 3600))
        guard case .answered = status else {
            Issue.record("expected answered, got \(status)")
            return
        }
    }

    @Test("durations read as minutes, hours and days")
    func durations() {
        #expect(DeadlineStatus.duration(45 * 60) == "45 min")
        #expect(DeadlineStatus.duration(3 * 3600 + 600) == "3 h 10 min")
        #expect(DeadlineStatus.duration(52 * 3600) == "2 d 4 h")
    }

    @Test("regions reach their countries, country codes reach themselves, global reaches all")
    func regions() {
        #expect(Regions.covers(["West Africa"], country: "SN"))
        #expect(Regions.covers(["EG"], country: "EG"))
        #expect(Regions.covers(["global"], country: "JP"))
        #expect(!Regions.covers(["LATAM"], country: "SN"))
    }
}
