public import Foundation
public import HimayaCore
import NIOConcurrencyHelpers

/// Recent platform-key lookups for a few seconds, so scanning at line rate does not wait on the
/// database for every batch. A revoked key stops working within `lifetime`.
public final class PlatformKeyCache: Sendable {
    private let entries = NIOLockedValueBox<[String: (key: PlatformAPIKey, until: Date)]>([:])
    public let lifetime: TimeInterval

    public init(lifetime: TimeInterval = 5) { self.lifetime = lifetime }

    public func key(secretHash: String, now: Date, lookUp: () async throws -> PlatformAPIKey?) async throws -> PlatformAPIKey? {
        if let entry = entries.withLockedValue({ $0[secretHash] }), entry.until > now { return entry.key }
        guard let key = try await lookUp() else { return nil }
        entries.withLockedValue { cache in
            if cache.count > 1_000 { cache.removeAll() }
            cache[secretHash] = (key, now.addingTimeInterval(lifetime))
        }
        return key
    }

    public func clear() { entries.withLockedValue { $0.removeAll() } }
}
