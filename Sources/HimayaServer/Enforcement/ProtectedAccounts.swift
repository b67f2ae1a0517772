public import Foundation
import HimayaCore
public import HimayaStore
import Synchronization

/// The accounts of defenders who consented to the enforcement guard, in memory, so the platform's
/// check answers without touching the database. Accounts are held as the first 64 bits of their
/// keyed hash, never in the clear; a hit is confirmed against the store before anything is held.
/// A background refresh follows the store's change mark; a check never waits for it.
public final class ProtectedAccounts: Sendable {
    private struct State: Sendable {
        var prefixes = Set<UInt64>()
        var mark: Int64 = -1
        var checkedAt = Date.distantPast
        var refreshing = false
    }

    private let state = Mutex(State())
    public let recheckInterval: TimeInterval

    public init(recheckInterval: TimeInterval = 1) { self.recheckInterval = recheckInterval }

    /// The 64-bit prefix of a keyed hash in hex.
    @inline(__always)
    static func prefix(_ index: String) -> UInt64 {
        UInt64(index.prefix(16), radix: 16) ?? 0
    }

    /// Whether the account may be protected (confirm in the store before acting on it).
    public func mayContain(index: String) -> Bool {
        let key = Self.prefix(index)
        return state.withLock { $0.prefixes.contains(key) }
    }

    public var count: Int { state.withLock { $0.prefixes.count } }

    /// Loads the whole set now.
    public func reload(from store: Store, at now: Date) async throws {
        let mark = try await store.enforcement.protectionMark()
        let indexes = try await store.enforcement.protectedAccountIndexes()
        var prefixes = Set<UInt64>(minimumCapacity: indexes.count)
        for index in indexes { prefixes.insert(Self.prefix(index)) }
        state.withLock {
            $0.prefixes = prefixes
            $0.mark = mark
            $0.checkedAt = now
        }
    }

    /// Starts a refresh in the background when one is due; returns at once.
    public func refreshInBackground(from store: Store, at now: Date) {
        let start = state.withLock { state -> Bool in
            guard !state.refreshing, now.timeIntervalSince(state.checkedAt) >= recheckInterval else { return false }
            state.refreshing = true
            return true
        }
        guard start else { return }
        Task {
            defer { state.withLock { $0.refreshing = false } }
            guard let mark = try? await store.enforcement.protectionMark() else { return }
            let current = state.withLock { state -> Int64 in
                state.checkedAt = now
                return state.mark
            }
            if mark != current { try? await reload(from: store, at: now) }
        }
    }
}
