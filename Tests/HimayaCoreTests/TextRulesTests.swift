import Foundation
import HimayaCore
import HimayaDetection
import Testing

@Suite("Text rules")
struct TextRulesTests {
    static let file = """
        {"version": 1, "rules": [
          {"id": "threat", "label": "threat", "min_score": 0.5, "open_case": true, "alert": true, "severity": "high"},
          {"id": "details", "label": "doxxing", "kinds": ["personal_details"], "open_case": true, "alert": true},
          {"id": "cue", "label": "doxxing", "kinds": ["location_cue"], "alert": true},
          {"id": "abuse", "label": "abuse", "min_score": 0.6},
          {"id": "unaimed", "label": "threat", "aimed_at_protected": false}
        ]}
        """

    let book = try! TextRuleBook.parse(Data(file.utf8))

    func signal(_ label: TextSignal.Label, _ kind: String, score: Double = 0.9, people: [Int] = [0]) -> TextSignal {
        TextSignal(label: label, kind: kind, score: score, rule: "r", language: "es", spans: [], people: people, explanation: "")
    }

    @Test("a threat against a protected person opens a case in the category its kind implies and alerts them")
    func threatOpensCase() {
        let outcome = book.decide([signal(.threat, "veiled_threat")])
        #expect(outcome.caseCategory == .veiledThreat)
        #expect(outcome.alerts.map(\.severity) == ["high"])
        #expect(outcome.hasThreat)
        #expect(outcome.firedRules == ["threat", "unaimed"])
    }

    @Test("a threat under the rule's score does nothing but what later rules say")
    func lowScore() {
        let outcome = book.decide([signal(.threat, "explicit_threat", score: 0.3)])
        #expect(outcome.caseCategory == nil)
        #expect(outcome.alerts.isEmpty)
        #expect(outcome.counted == ["unaimed"])
    }

    @Test("a threat aimed at no protected person is only counted")
    func unaimed() {
        let outcome = book.decide([signal(.threat, "group_threat", people: [])])
        #expect(outcome.caseCategory == nil)
        #expect(outcome.counted == ["unaimed"])
    }

    @Test("a location cue alerts without opening a case; personal details open one")
    func doxxing() {
        #expect(book.decide([signal(.doxxing, "location_cue")]).caseCategory == nil)
        #expect(book.decide([signal(.doxxing, "location_cue")]).alerts.count == 1)
        #expect(book.decide([signal(.doxxing, "personal_details")]).caseCategory == .doxxing)
    }

    @Test("the first rule that opens a case names the category")
    func firstRuleWins() {
        let outcome = book.decide([signal(.doxxing, "personal_details"), signal(.threat, "explicit_threat")])
        #expect(outcome.caseCategory == .threatOfViolence)
        #expect(outcome.reasons.count == 2)
    }

    @Test("a bad rules file is refused with the reason")
    func badFile() {
        #expect(throws: (any Error).self) { try TextRuleBook.parse(Data(#"{"version": 1, "rules": [{"id": "x", "label": "threat", "min_score": 2}]}"#.utf8)) }
        #expect(throws: (any Error).self) { try TextRuleBook.parse(Data(#"{"version": 1, "rules": [{"id": "x", "label": "gossip"}]}"#.utf8)) }
        #expect(throws: (any Error).self) {
            try TextRuleBook.parse(Data(#"{"version": 1, "rules": [{"id": "x", "label": "threat"}, {"id": "x", "label": "abuse"}]}"#.utf8))
        }
    }
}

@Suite("Pile-on detection")
struct PileOnDetectorTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    let defender = Defender.ID()

    func event(_ author: String, minutesAgo: Double, fingerprint: UInt64 = 0) -> MentionEvent {
        MentionEvent(defenderID: defender, authorIndex: author, textFingerprint: fingerprint == 0 ? UInt64(author.hashValue & 0x7fff_ffff) << 20 : fingerprint, harmful: true, seenAt: now.addingTimeInterval(-minutesAgo * 60))
    }

    @Test("many distinct accounts within the hour, far above the usual, is a pile-on")
    func pileOn() {
        let events = (0..<10).map { event("a\($0)", minutesAgo: Double($0 * 5), fingerprint: UInt64($0) * 0x0F0F_0F0F_0F0F) }
        #expect(PileOnDetector.assess(events, at: now).isPileOn)
    }

    @Test("the post just recorded counts though the store rounds its time to a millisecond after now")
    func roundedTime() {
        var events = (1..<8).map { event("a\($0)", minutesAgo: Double($0), fingerprint: UInt64($0) * 0x0F0F_0F0F_0F0F) }
        events.append(MentionEvent(defenderID: defender, authorIndex: "last", textFingerprint: 0xFFFF_0000_FFFF, harmful: true, seenAt: now.addingTimeInterval(0.0004)))
        #expect(PileOnDetector.assess(events, at: now).distinctAuthors == 8)
        #expect(PileOnDetector.assess(events, at: now).isPileOn)
    }

    @Test("the same number spread over days is the defender's ordinary attention")
    func usualAttention() {
        var events: [MentionEvent] = []
        for hour in 1..<(14 * 24) { events += (0..<3).map { event("h\(hour)-\($0)", minutesAgo: Double(hour * 60 + $0)) } }
        events += (0..<10).map { event("now\($0)", minutesAgo: Double($0), fingerprint: UInt64($0 + 1) * 0x1357_9BDF_2468_ACE0) }
        let assessment = PileOnDetector.assess(events, at: now)
        #expect(assessment.baselinePerHour > 2.5)
        #expect(!assessment.isPileOn)
    }

    @Test("one account posting many times is not a pile-on")
    func oneAccount() {
        let events = (0..<20).map { event("same", minutesAgo: Double($0)) }
        #expect(!PileOnDetector.assess(events, at: now).isPileOn)
    }

    @Test("near-identical messages from four accounts are coordinated, distinct ones are not")
    func copiedScript() {
        let script: UInt64 = 0xDEAD_BEEF_CAFE_F00D
        let copies = (0..<4).map { event("c\($0)", minutesAgo: Double($0), fingerprint: script ^ (1 << UInt64($0))) }
        #expect(PileOnDetector.assess(copies, at: now).isCoordinated)
        let distinct = (0..<4).map { event("d\($0)", minutesAgo: Double($0), fingerprint: UInt64($0 + 1) &* 0x9E37_79B9_7F4A_7C15) }
        #expect(!PileOnDetector.assess(distinct, at: now).isCoordinated)
    }
}
