public import Foundation
public import HimayaCore
public import HimayaDetection
import HimayaStore

/// Reads the text of one scanned item against the protected people of the moment: who it is
/// aimed at (named, or replied to through their account), what it says, whether its author wears
/// a protected person's name, and whether it is part of a pile-on. Then the rules say what follows.
public struct TextScanner: Sendable {
    let himaya: Himaya

    public init(himaya: Himaya) { self.himaya = himaya }

    /// One item's text, as the platform sent it.
    public struct Item: Sendable {
        public var contentID: String
        public var text: String
        public var authorID: String?
        public var authorName: String?
        public var mentions: [String]
        public var languageHint: String?

        public init(contentID: String, text: String, authorID: String?, authorName: String?, mentions: [String], languageHint: String?) {
            self.contentID = contentID
            self.text = text
            self.authorID = authorID
            self.authorName = authorName
            self.mentions = mentions
            self.languageHint = languageHint
        }
    }

    /// What the text gave.
    public struct Result: Sendable {
        public var signals: [TextSignal]
        public var outcome: TextRuleBook.Outcome
        /// The automaton's people, by index, as defender ids.
        public var defenders: [Int: Defender.ID]
    }

    /// Scans one item. With `recording` off (a dry run from the command line) nothing is written:
    /// pile-ons are then not counted.
    public func scan(_ item: Item, at now: Date, recording: Bool = true) async throws -> Result {
        var reader = TextDetector.Reader(posts: 1)
        return try await scan(item, at: now, recording: recording, reader: &reader)
    }

    /// The same for one of many items read in turn, with what `reader` keeps between them.
    public func scan(_ item: Item, at now: Date, recording: Bool = true, reader: inout TextDetector.Reader) async throws -> Result {
        let (detector, rules) = try himaya.textLibrary.parts()
        let snapshot = himaya.textLibrary.current
        var aimedAt: [Int] = []
        for account in item.mentions.prefix(ScanAPIController.maximumMentions) {
            if let defender = try await himaya.store.defenders.defender(holding: account), let person = snapshot.personByDefender[defender.id] {
                aimedAt.append(person)
            }
        }
        var signals = detector.detect(
            TextDetector.Post(text: item.text, authorName: item.authorName, aimedAt: aimedAt, languageHint: item.languageHint), names: snapshot.names,
            using: &reader)
        // A defender's own account is not impersonating them.
        if let authorID = item.authorID, let own = try await himaya.store.defenders.defender(holding: authorID),
            let person = snapshot.personByDefender[own.id]
        {
            signals.removeAll { $0.label == .impersonation && $0.people == [person] }
        }
        let targeted = Set(signals.flatMap(\.people) + aimedAt).sorted()
        if recording, let authorID = item.authorID, !targeted.isEmpty {
            signals += try await pileOns(targeted, authorID: authorID, text: item.text, signals: signals, snapshot: snapshot, at: now)
        }
        var defenders: [Int: Defender.ID] = [:]
        for person in Set(signals.flatMap(\.people)) where person < snapshot.people.count { defenders[person] = snapshot.people[person] }
        return Result(signals: signals, outcome: rules.decide(signals), defenders: defenders)
    }

    /// Records this post against each person it targets and asks whether the last hour is a
    /// pile-on or a copied script. Authors are kept as keyed hashes, texts as SimHashes.
    private func pileOns(
        _ people: [Int], authorID: String, text: String, signals: [TextSignal], snapshot: TextLibrary.Snapshot, at now: Date
    ) async throws -> [TextSignal] {
        let harmful = signals.contains { $0.label == .threat || $0.label == .abuse || $0.label == .doxxing }
        let authorIndex = himaya.store.blindIndex.postAuthor(authorID)
        let fingerprint = SimHash.of(text)
        let events = people.filter { $0 < snapshot.people.count }.map {
            MentionEvent(defenderID: snapshot.people[$0], authorIndex: authorIndex, textFingerprint: fingerprint, harmful: harmful, seenAt: now, author: authorID)
        }
        try await himaya.store.watchList.record(events)
        var found: [TextSignal] = []
        for event in events {
            let recent = try await himaya.store.watchList.mentions(of: event.defenderID, since: now.addingTimeInterval(-PileOnDetector.baselinePeriod))
            let assessment = PileOnDetector.assess(recent, at: now)
            guard assessment.isPileOn || assessment.isCoordinated, let person = snapshot.personByDefender[event.defenderID] else { continue }
            if assessment.isPileOn {
                // Kept as one pile-on with its accounts, so the defender can block or mute them all at once.
                let members = try await himaya.store.watchList.authors(of: event.defenderID, since: now.addingTimeInterval(-PileOnDetector.window))
                _ = try await himaya.store.shield.recordPileOn(for: event.defenderID, members: members, coordinated: assessment.isCoordinated, at: now)
            }
            found.append(
                TextSignal(
                    label: .coordinated, kind: assessment.isCoordinated ? "near_duplicate" : "pile_on", score: 0.9, rule: "pile_on", language: nil,
                    spans: [], people: [person],
                    explanation: "\(assessment.distinctAuthors) accounts in the last hour against a usual \(String(format: "%.1f", assessment.baselinePerHour)) an hour; \(assessment.nearDuplicateAuthors) sent near-identical messages"))
        }
        return found
    }
}
