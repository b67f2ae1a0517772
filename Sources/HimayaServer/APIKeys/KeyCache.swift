public import Foundation
public import HimayaCore
import NIOConcurrencyHelpers

/// Remembers recent API-key lookups for a few seconds, so a busy caller's every request does not
/// wait on the database. A revoked key stops working within `lifetime`.
public final class KeyCache<Key: Sendable>: Sendable {
    private let entries = NIOLockedValueBox<[String: (key: Key, until: Date)]>([:])
    /// How long a looked-up key is trusted without asking the database again.
    public let lifetime: TimeInterval

    public init(lifetime: TimeInterval = 5) { self.lifetime = lifetime }

    public func key(secretHash: String, now: Date, lookUp: () async throws -> Key?) async throws -> Key? {
        if let entry = entries.withLockedValue({ $0[secretHash] }), entry.until > now { return entry.key }
        guard let key = try await lookUp() else {
            entries.withLockedValue { $0[secretHash] = nil }
            return nil
        }
        entries.withLockedValue { cache in
            if cache.count > 10_000 { cache.removeAll() }
            cache[secretHash] = (key, now.addingTimeInterval(lifetime))
        }
        return key
    }

    /// Forgets every key at once, after a revocation in this process.
    public func clear() { entries.withLockedValue { $0.removeAll() } }
}

/// Partner keys recently looked up.
public typealias PartnerKeyCache = KeyCache<PartnerAPIKey>
/// The platform's keys recently looked up.
public typealias PlatformKeyCache = KeyCache<PlatformAPIKey>
