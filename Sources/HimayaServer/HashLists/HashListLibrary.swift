public import Foundation
public import HimayaCore
public import HimayaDetection
public import HimayaStore
import Synchronization

/// Every hash list in memory for matching: the PDQ hashes in an exact radius index, the MD5 and
/// SHA-256 hashes in a dictionary. Reloaded whenever the store's change mark moves (checked at
/// most every few seconds), so lists changed by any process reach every scanner; searches go on
/// against the previous snapshot while a reload builds the next.
public final class HashListLibrary: Sendable {
    private struct Contents: Sendable {
        var lists: [HashList.ID: HashList] = [:]
        /// Matcher entry id (a place in this array) → the list holding that hash, as a place in
        /// `ownerLists`: four bytes a hash, beside the index's 32, however many lists there are.
        var owners: [UInt32] = []
        var ownerLists: [HashList.ID] = []
        var exact: [HashSignal: [HashList.ID]] = [:]
        var largestThreshold = HashList.defaultThreshold
        var mark: Int64 = -1
        var checkedAt = Date.distantPast
    }

    private let matcher: PDQMatcher
    private let contents = Mutex(Contents())
    /// How long a change made by another process may go unseen.
    public let recheckInterval: TimeInterval

    public init(recheckInterval: TimeInterval = 5, layout: PDQIndex.Layout = .compact) {
        self.recheckInterval = recheckInterval
        matcher = PDQMatcher(layout: layout)
    }

    /// Loads everything from the store now.
    public func reload(from store: Store, at now: Date) async throws {
        let mark = try await store.hashLists.changeMark()
        let lists = try await store.hashLists.lists().map(\.list)
        let entries = try await store.hashLists.allEntries()
        var fresh = Contents()
        fresh.mark = mark
        fresh.checkedAt = now
        for list in lists { fresh.lists[list.id] = list }
        fresh.largestThreshold = lists.map(\.matchThreshold).max() ?? HashList.defaultThreshold
        var pdq: [PDQMatcher.Entry] = []
        var listPlaces: [HashList.ID: UInt32] = [:]
        for entry in entries where fresh.lists[entry.listID] != nil {
            if let hash = entry.signal.pdq {
                pdq.append(PDQMatcher.Entry(hash: hash, id: Int64(fresh.owners.count)))
                let place = listPlaces[entry.listID] ?? {
                    fresh.ownerLists.append(entry.listID)
                    listPlaces[entry.listID] = UInt32(fresh.ownerLists.count - 1)
                    return UInt32(fresh.ownerLists.count - 1)
                }()
                fresh.owners.append(place)
            } else {
                fresh.exact[entry.signal, default: []].append(entry.listID)
            }
        }
        matcher.replaceAll(with: pdq)
        contents.withLock { $0 = fresh }
    }

    /// Reloads when another change has been stored since the last look.
    public func refreshIfStale(from store: Store, at now: Date) async throws {
        let due = contents.withLock { now.timeIntervalSince($0.checkedAt) >= recheckInterval }
        guard due else { return }
        let mark = try await store.hashLists.changeMark()
        let current = contents.withLock { contents -> Int64 in
            contents.checkedAt = now
            return contents.mark
        }
        if mark != current { try await reload(from: store, at: now) }
    }

    /// For each image, every listed hash near its PDQ hash or equal to its exact hashes (`pdq`
    /// and `exact` side by side, one entry an image); the PDQ hashes are searched together, in
    /// one pass over the index.
    public func candidates(pdq: [PDQHash?], exact: [[HashSignal]]) -> [[MediaMatching.Candidate]] {
        precondition(pdq.count == exact.count, "one PDQ hash (or none) and one set of exact hashes an image")
        let snapshot = contents.withLock { $0 }
        let queries = pdq.compactMap { $0 }
        var near = queries.isEmpty ? [] : matcher.search(queries, within: snapshot.largestThreshold)[...]
        return zip(pdq, exact).map { hash, exact in
            var found: [MediaMatching.Candidate] = []
            if hash != nil {
                for match in near.removeFirst() {
                    let listID = snapshot.ownerLists[Int(snapshot.owners[Int(match.id)])]
                    if let list = snapshot.lists[listID] {
                        found.append(MediaMatching.Candidate(list: list, distance: match.distance, exact: false))
                    }
                }
            }
            for signal in exact {
                for listID in snapshot.exact[signal] ?? [] {
                    if let list = snapshot.lists[listID] { found.append(MediaMatching.Candidate(list: list, distance: 0, exact: true)) }
                }
            }
            return found
        }
    }

    /// The smallest minimum quality of any list: under it, an image's PDQ hash is not looked up.
    public var lowestMinimumQuality: Int {
        contents.withLock { $0.lists.values.map(\.minimumQuality).min() ?? HashList.defaultMinimumQuality }
    }

    /// How many hashes are loaded.
    public var count: Int { matcher.count + contents.withLock { $0.exact.values.reduce(0) { $0 + $1.count } } }
}
