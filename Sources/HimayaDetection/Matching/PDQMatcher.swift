import Synchronization

/// A PDQ index that takes additions and removals while it answers searches.
///
/// Searches read an immutable snapshot: the indexed base, a short list of hashes added since it
/// was built (scanned flat) and the identifiers removed from it. When the additions outgrow an
/// eighth of the base, the next change rebuilds the base from everything live.
public final class PDQMatcher: Sendable {
    /// A hash with the caller's identifier (for example a hash-list entry).
    public struct Entry: Hashable, Sendable {
        public let hash: PDQHash
        public let id: Int64
        public init(hash: PDQHash, id: Int64) {
            self.hash = hash
            self.id = id
        }
    }

    /// A stored entry near a query.
    public struct Match: Hashable, Sendable {
        public let id: Int64
        public let hash: PDQHash
        public let distance: Int
    }

    private struct Snapshot: Sendable {
        var index: PDQIndex
        var ids: [Int64]
        var additions: [Entry]
        var removed: Set<Int64>
    }

    private let state: Mutex<Snapshot>
    /// The layout of every index this matcher builds.
    public let layout: PDQIndex.Layout

    public init(_ entries: [Entry] = [], layout: PDQIndex.Layout = .compact) {
        self.layout = layout
        state = Mutex(Snapshot(index: PDQIndex(entries.map(\.hash), layout: layout), ids: entries.map(\.id), additions: [], removed: []))
    }

    /// How many entries are live.
    public var count: Int {
        state.withLock { snapshot in
            snapshot.ids.count { !snapshot.removed.contains($0) } + snapshot.additions.count
        }
    }

    public func add(_ entry: Entry) { add([entry]) }

    public func add(_ entries: [Entry]) {
        state.withLock { snapshot in
            snapshot.additions += entries
            self.compactIfNeeded(&snapshot)
        }
    }

    /// Removes every entry with this identifier.
    public func remove(id: Int64) {
        state.withLock { snapshot in
            snapshot.additions.removeAll { $0.id == id }
            snapshot.removed.insert(id)
            self.compactIfNeeded(&snapshot)
        }
    }

    /// Replaces everything at once, for example after reloading from the store.
    public func replaceAll(with entries: [Entry]) {
        let fresh = Snapshot(index: PDQIndex(entries.map(\.hash), layout: layout), ids: entries.map(\.id), additions: [], removed: [])
        state.withLock { $0 = fresh }
    }

    /// Every live entry within `radius` bits of `query`, nearest first.
    public func search(_ query: PDQHash, within radius: Int = 31) -> [Match] {
        let snapshot = state.withLock { $0 }
        return Self.matches(of: query, in: snapshot, indexed: snapshot.index.search(query, within: radius), within: radius)
    }

    /// For each query, every live entry within `radius` bits of it, nearest first; the stored
    /// hashes are scanned once for the whole batch.
    public func search(_ queries: [PDQHash], within radius: Int = 31) -> [[Match]] {
        let snapshot = state.withLock { $0 }
        let indexed = snapshot.index.search(queries, within: radius)
        return queries.indices.map { Self.matches(of: queries[$0], in: snapshot, indexed: indexed[$0], within: radius) }
    }

    private static func matches(of query: PDQHash, in snapshot: Snapshot, indexed: [PDQIndexMatch], within radius: Int) -> [Match] {
        var found = [Match]()
        for match in indexed {
            let id = snapshot.ids[match.position]
            if !snapshot.removed.contains(id) {
                found.append(Match(id: id, hash: snapshot.index.hash(at: match.position), distance: match.distance))
            }
        }
        for entry in snapshot.additions {
            let distance = entry.hash.distance(to: query)
            if distance <= radius { found.append(Match(id: entry.id, hash: entry.hash, distance: distance)) }
        }
        found.sort { ($0.distance, $0.id) < ($1.distance, $1.id) }
        return found
    }

    private func compactIfNeeded(_ snapshot: inout Snapshot) {
        let pending = snapshot.additions.count + snapshot.removed.count
        guard pending > max(PDQIndex.flatScanBelow, snapshot.ids.count / 8) else { return }
        var live = [Entry]()
        live.reserveCapacity(snapshot.ids.count + snapshot.additions.count)
        for position in 0..<snapshot.ids.count where !snapshot.removed.contains(snapshot.ids[position]) {
            live.append(Entry(hash: snapshot.index.hash(at: position), id: snapshot.ids[position]))
        }
        live += snapshot.additions
        snapshot = Snapshot(index: PDQIndex(live.map(\.hash), layout: layout), ids: live.map(\.id), additions: [], removed: [])
    }
}
