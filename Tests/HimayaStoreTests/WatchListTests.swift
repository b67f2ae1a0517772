import Foundation
import HimayaCore
import HimayaDetection
import HimayaStore
import HimayaTestSupport
import SQLKit
import Testing

@Suite("Watch list and text signals")
struct WatchListTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func defender(_ database: TestDatabase, _ name: String = "Rocío Quispe", consent: Bool = true) async throws -> Defender {
        let defender = Defender(displayName: name, country: "PE", languages: ["es"], activity: .journalist, riskTier: .high, enrolledAt: now)
        try await database.store.defenders.enrol(defender)
        if consent { try await database.store.consents.grant(.mentionDetection, for: defender.id, recordedBy: "test", at: now) }
        return defender
    }

    @Test("only defenders who consent to mention detection are watched, with their name and terms", arguments: TestEngine.available)
    func consentingOnly(engine: TestEngine) async throws {
        try await TestDatabase.with(engine, clock: .fixed(now)) { database async throws in
            let watched = try await defender(database)
            let other = try await defender(database, "Ana Torres", consent: false)
            try await database.store.watchList.add(WatchTerm(defenderID: watched.id, kind: .alias, term: "روسيو", addedAt: now))
            try await database.store.watchList.add(WatchTerm(defenderID: other.id, kind: .handle, term: "@ana", addedAt: now))
            let people = try await database.store.watchList.protectedPeople()
            #expect(people == [ProtectedPerson(defenderID: watched.id, names: ["Rocío Quispe", "روسيو"])])
        }
    }

    @Test("terms are sealed at rest and the change mark moves with every change", arguments: TestEngine.available)
    func sealedAndMarked(engine: TestEngine) async throws {
        try await TestDatabase.with(engine, clock: .fixed(now)) { database async throws in
            let watched = try await defender(database)
            let before = try await database.store.watchList.changeMark()
            let term = WatchTerm(defenderID: watched.id, kind: .handle, term: "@rocio_periodista", addedAt: now)
            try await database.store.watchList.add(term)
            let added = try await database.store.watchList.changeMark()
            #expect(added > before)
            #expect(!(try await database.allStoredText()).contains("rocio_periodista"))
            try await database.store.watchList.remove(term.id, of: watched.id)
            #expect(try await database.store.watchList.changeMark() > added)
            #expect(try await database.store.watchList.terms(of: watched.id).isEmpty)
        }
    }

    @Test("withdrawing consent deletes the terms, the posts seen and the pile-ons found from them", arguments: TestEngine.available)
    func withdrawalDeletes(engine: TestEngine) async throws {
        try await TestDatabase.with(engine, clock: .fixed(now)) { database async throws in
            let watched = try await defender(database)
            try await database.store.watchList.add(WatchTerm(defenderID: watched.id, kind: .alias, term: "Ro", addedAt: now))
            try await database.store.watchList.record([MentionEvent(defenderID: watched.id, authorIndex: "a", textFingerprint: 7, harmful: true, seenAt: now)])
            #expect(try await database.store.watchList.mentions(of: watched.id, since: .distantPast).count == 1)
            _ = try await database.store.shield.recordPileOn(for: watched.id, members: [("a", "@a")], coordinated: false, at: now)
            try await database.store.consents.withdraw(.mentionDetection, for: watched.id, recordedBy: "defender", at: now)
            #expect(try await database.store.shield.pileOns(of: watched.id).isEmpty)
            #expect(try await database.store.watchList.terms(of: watched.id).isEmpty)
            #expect(try await database.store.watchList.mentions(of: watched.id, since: .distantPast).isEmpty)
            #expect(try await database.store.watchList.protectedPeople().isEmpty)
        }
    }

    @Test("mention events older than the baseline period are pruned", arguments: TestEngine.available)
    func pruning(engine: TestEngine) async throws {
        try await TestDatabase.with(engine, clock: .fixed(now)) { database async throws in
            let watched = try await defender(database)
            let old = now.addingTimeInterval(-PileOnDetector.baselinePeriod - 60)
            try await database.store.watchList.record([MentionEvent(defenderID: watched.id, authorIndex: "a", textFingerprint: 1, harmful: false, seenAt: old)])
            try await database.store.watchList.record([MentionEvent(defenderID: watched.id, authorIndex: "b", textFingerprint: 2, harmful: true, seenAt: now)])
            let kept = try await database.store.watchList.mentions(of: watched.id, since: .distantPast)
            #expect(kept.map(\.authorIndex) == ["b"])
            #expect(kept.first?.textFingerprint == 2)
        }
    }

    @Test("text signals read back with their spans, which are sealed at rest", arguments: TestEngine.available)
    func textSignals(engine: TestEngine) async throws {
        try await TestDatabase.with(engine, clock: .fixed(now)) { database async throws in
            let watched = try await defender(database)
            let signal = TextSignal(
                label: .threat, kind: "veiled_threat", score: 0.91, rule: "es.threat.veiled-home", language: "es",
                spans: [.init(start: 14, end: 33, text: "sabemos dónde vives")], people: [0], explanation: "lexicon entry")
            let caseID = Case.ID()
            try await database.store.textSignals.record([
                TextSignalRecord(contentID: "post-1", signal: signal, defenders: [watched.id], caseID: caseID, alertRequested: true, recordedAt: now)
            ])
            let read = try await database.store.textSignals.signals(in: caseID)
            #expect(read.map(\.signal) == [signal])
            #expect(read.first?.defenders == [watched.id])
            #expect(!(try await database.allStoredText()).contains("dónde vives"))
            #expect(try await database.store.textSignals.countsByKind() == ["threat.veiled_threat": 1])
        }
    }
}
