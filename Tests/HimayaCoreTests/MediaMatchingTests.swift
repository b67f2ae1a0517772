import Foundation
import HimayaCore
import HimayaDetection
import Testing

@Suite("Media matching rules")
struct MediaMatchingTests {
    static func list(_ category: HashList.Category, action: HashList.Action = .openCase, threshold: Int = 31, defender: Defender.ID? = nil) -> HashList {
        HashList(name: category.rawValue, category: category, owner: "platform", matchThreshold: threshold, action: action, defenderID: defender, createdAt: Date())
    }

    @Test("a hash within the list's distance becomes a signal with the list, the distance and the quality")
    func nearMatch() {
        let list = Self.list(.knownThreatImagery)
        let signals = MediaMatching.signals(mediaIndex: 0, quality: 90, candidates: [.init(list: list, distance: 12, exact: false)])
        #expect(signals.map(\.kind) == [.listMatch])
        #expect(signals.first?.distance == 12 && signals.first?.quality == 90 && signals.first?.listID == list.id)
        #expect(signals.first?.explanation.contains("12") == true)
    }

    @Test("a hash farther than the list's own threshold is no match")
    func beyondThreshold() {
        let strict = Self.list(.intimateImagesWithoutConsent, threshold: 10)
        #expect(MediaMatching.signals(mediaIndex: 0, quality: 90, candidates: [.init(list: strict, distance: 11, exact: false)]).isEmpty)
    }

    @Test("an image of low quality is not matched, and the signal says why")
    func lowQuality() {
        let signals = MediaMatching.signals(mediaIndex: 2, quality: 20, candidates: [.init(list: Self.list(.knownThreatImagery), distance: 3, exact: false)])
        #expect(signals.map(\.kind) == [.lowQuality])
        #expect(signals.first?.explanation == "PDQ quality 20 is under 50: the hash is too unreliable to match")
    }

    @Test("the same file still matches exactly whatever its quality")
    func exactIgnoresQuality() {
        let signals = MediaMatching.signals(mediaIndex: 0, quality: 5, candidates: [.init(list: Self.list(.intimateImagesWithoutConsent), distance: 0, exact: true)])
        #expect(signals.map(\.kind) == [.exactMatch])
    }

    @Test("near a defender's reference photo but not the same is flagged as possibly altered; the same picture is a repost")
    func referencePhotos() {
        let defender = Defender.ID()
        let reference = Self.list(.defenderReferencePhotos, defender: defender)
        let altered = MediaMatching.signals(mediaIndex: 0, quality: 80, candidates: [.init(list: reference, distance: 14, exact: false)])
        #expect(altered.map(\.kind) == [.possibleAlteredImage])
        #expect(altered.first?.defenderID == defender)
        let outcome = MediaOutcome.decide(altered)
        #expect(outcome.caseCategory == .alteredImage)
        #expect(outcome.alerts.map(\.kind) == [.possibleAlteredImage])
        let same = MediaMatching.signals(mediaIndex: 0, quality: 80, candidates: [.init(list: reference, distance: 0, exact: false)])
        #expect(same.map(\.kind) == [.referencePhotoReposted])
        #expect(MediaOutcome.decide(same).caseCategory == nil)
    }

    @Test("one signal a list: the nearest of several hashes of the same list")
    func nearestPerList() {
        let list = Self.list(.knownThreatImagery)
        let signals = MediaMatching.signals(mediaIndex: 0, quality: 90, candidates: [.init(list: list, distance: 20, exact: false), .init(list: list, distance: 4, exact: false)])
        #expect(signals.map(\.distance) == [4])
    }

    @Test("open-case lists open a case under the most serious category; alert lists alert; count-only lists only count")
    func actionPolicies() {
        let threat = Self.list(.knownThreatImagery)
        let intimate = Self.list(.intimateImagesWithoutConsent)
        let counted = Self.list(.industryExchange, action: .countOnly)
        let alerting = Self.list(.partnerList, action: .alertDefender)
        let signals = MediaMatching.signals(
            mediaIndex: 0, quality: 90,
            candidates: [.init(list: threat, distance: 5, exact: false), .init(list: intimate, distance: 9, exact: false),
                         .init(list: counted, distance: 1, exact: false), .init(list: alerting, distance: 2, exact: false)])
        let outcome = MediaOutcome.decide(signals)
        #expect(outcome.caseCategory == .imageBasedAbuse)
        #expect(outcome.alerts.map(\.listID) == [alerting.id])
        #expect(outcome.reasons.count == 3)
        #expect(MediaOutcome.decide(MediaMatching.signals(mediaIndex: 0, quality: 90, candidates: [.init(list: counted, distance: 1, exact: false)])).caseCategory == nil)
    }

    @Test("a possibly altered picture of a defender with threatening text raises the priority one level")
    func alteredImageWithThreat() {
        let plain = PriorityPolicy.assess(.init(category: .alteredImage, immediateDanger: false))
        let threatened = PriorityPolicy.assess(.init(category: .alteredImage, immediateDanger: false, alteredImageWithThreat: true))
        #expect(plain.priority == .p2)
        #expect(threatened.priority == .p1)
        #expect(threatened.factors.map(\.code).contains("altered_image_with_threat"))
    }

    @Test("list settings outside their ranges are refused with the reason's key")
    func listSettings() {
        #expect(HashList.problem(name: " ", matchThreshold: 31, minimumQuality: 50) == "hash_list_error_name")
        #expect(HashList.problem(name: "x", matchThreshold: 65, minimumQuality: 50) == "hash_list_error_threshold")
        #expect(HashList.problem(name: "x", matchThreshold: 31, minimumQuality: 101) == "hash_list_error_quality")
        #expect(HashList.problem(name: "x", matchThreshold: 31, minimumQuality: 50) == nil)
    }
}
