import Foundation
public import HimayaCore
import HimayaStore

/// Issues the platform's API keys: `hmyp_` + an 8-character prefix + `_` + a secret; only the
/// SHA-256 of the whole key is stored, so it is shown once.
public struct PlatformKeys: Sendable {
    let himaya: Himaya

    public init(himaya: Himaya) { self.himaya = himaya }

    public func issue(for platform: Platform.ID, scopes: Set<PlatformAPIKey.Scope>) async throws -> (PlatformAPIKey, String) {
        let (prefix, text) = RandomToken.apiKey(kind: "hmyp")
        let key = PlatformAPIKey(platformID: platform, prefix: prefix, scopes: scopes, createdAt: himaya.clock.now)
        try await himaya.store.platformKeys.add(key, secretHash: RandomToken.fingerprint(text))
        try await himaya.store.audit.append(
            AuditEntry(actor: "system", action: "platform.key_issued", subject: "platform:\(platform)",
                       detail: ["key": key.id.description, "scopes": scopes.map(\.rawValue).sorted().joined(separator: " ")]))
        return (key, text)
    }

    public func revoke(_ id: PlatformAPIKey.ID) async throws {
        try await himaya.store.platformKeys.revoke(id, at: himaya.clock.now)
        himaya.platformKeyCache.clear()
        try await himaya.store.audit.append(AuditEntry(actor: "system", action: "platform.key_revoked", subject: "platform_key:\(id)"))
    }
}
