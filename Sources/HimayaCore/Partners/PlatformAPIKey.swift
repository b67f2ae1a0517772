public import Foundation

/// The platform's own key for the API (scanning content, hash lists, defenders' photos).
/// Only a hash of the secret is stored.
public struct PlatformAPIKey: Sendable, Equatable {
    public typealias ID = Identifier<PlatformAPIKey>

    /// What a key may do.
    public enum Scope: String, Sendable, CaseIterable, Codable {
        case contentScan = "content:scan"
        case hashListsRead = "hash_lists:read"
        case hashListsWrite = "hash_lists:write"
        case defendersWrite = "defenders:write"
        case enforcementCheck = "enforcement:check"
        case enforcementReport = "enforcement:report"
    }

    public var id: ID
    public var platformID: Platform.ID
    public var prefix: String
    public var scopes: Set<Scope>
    public var createdAt: Date
    public var revokedAt: Date?

    public init(id: ID = ID(), platformID: Platform.ID, prefix: String, scopes: Set<Scope>, createdAt: Date, revokedAt: Date? = nil) {
        self.id = id
        self.platformID = platformID
        self.prefix = prefix
        self.scopes = scopes
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }
}

/// Platform keys.
public protocol PlatformKeyring: Sendable {
    func add(_ key: PlatformAPIKey, secretHash: String) async throws
    /// The key with this secret hash, if it is not revoked.
    func activeKey(secretHash: String) async throws -> PlatformAPIKey?
    func revoke(_ id: PlatformAPIKey.ID, at date: Date) async throws
}
