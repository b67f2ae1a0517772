public import Foundation
public import HimayaCore
public import HimayaDetection
public import HimayaStore
import Synchronization

/// Text detection as the service runs it: the shipped lexicons and model, the rules file, and
/// the names of every protected person who consents to mention detection in a word automaton.
/// The automaton is rebuilt off to the side whenever the store's change mark moves (looked at
/// every few seconds, so a withdrawn consent leaves the scan well within a minute) and swapped in
/// whole: scans never wait for a rebuild.
public final class TextLibrary: Sendable {
    /// The people in the current automaton, in its person order.
    public struct Snapshot: Sendable {
        public var names: ProtectedNames
        public var people: [Defender.ID]
        public var personByDefender: [Defender.ID: Int]
        var mark: Int64
        var checkedAt: Date
    }

    /// The shipped detector and rules, loaded once per process.
    static let shipped: Result<(TextDetector, TextRuleBook), any Error> = Result {
        let detector = try BundledText.detector()
        guard let url = Bundle.module.url(forResource: "DetectionRules", withExtension: nil)?.appendingPathComponent("text-rules.json") else {
            throw TextRuleBook.RuleProblem(description: "DetectionRules/text-rules.json is missing from the resources")
        }
        return (detector, try TextRuleBook.parse(Data(contentsOf: url)))
    }

    private let snapshot = Mutex(Snapshot(names: ProtectedNames(people: []), people: [], personByDefender: [:], mark: -1, checkedAt: .distantPast))
    public let recheckInterval: TimeInterval

    public init(recheckInterval: TimeInterval = 5) { self.recheckInterval = recheckInterval }

    /// The detector and rules, or the reason they cannot be used (checked at start-up).
    public func parts() throws -> (detector: TextDetector, rules: TextRuleBook) {
        try Self.shipped.get()
    }

    /// The current people and automaton.
    public var current: Snapshot { snapshot.withLock { $0 } }

    /// Rebuilds the automaton from the store now.
    public func reload(from store: Store, at now: Date) async throws {
        let mark = try await store.watchList.changeMark()
        let people = try await store.watchList.protectedPeople()
        let names = ProtectedNames(people: people.map(\.names))
        let fresh = Snapshot(
            names: names, people: people.map(\.defenderID),
            personByDefender: Dictionary(people.enumerated().map { ($1.defenderID, $0) }, uniquingKeysWith: { first, _ in first }), mark: mark,
            checkedAt: now)
        snapshot.withLock { $0 = fresh }
    }

    /// Rebuilds when something changed since the last look, at most every `recheckInterval`.
    public func refreshIfStale(from store: Store, at now: Date) async throws {
        let due = snapshot.withLock { now.timeIntervalSince($0.checkedAt) >= recheckInterval }
        guard due else { return }
        let mark = try await store.watchList.changeMark()
        let previous = snapshot.withLock { current -> Int64 in
            current.checkedAt = now
            return current.mark
        }
        if mark != previous { try await reload(from: store, at: now) }
    }
}
