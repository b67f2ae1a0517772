import Foundation
public import HimayaCore
import HimayaStore

/// Issues partner API keys. A key is `hmy_` + an 8-character prefix + `_` + a 43-character secret;
/// only the SHA-256 of the whole key is stored, so it is shown once.
public struct PartnerKeys: Sendable {
    let himaya: Himaya

    public init(himaya: Himaya) { self.himaya = himaya }

    /// A new key: the record and the text to hand to the partner.
    public func issue(for partner: Partner.ID, scopes: Set<PartnerAPIKey.Scope>) async throws -> (PartnerAPIKey, String) {
        let (prefix, text) = RandomToken.apiKey(kind: "hmy")
        let key = PartnerAPIKey(partnerID: partner, prefix: prefix, scopes: scopes, createdAt: himaya.clock.now)
        try await himaya.store.partnerKeys.add(key, secretHash: RandomToken.fingerprint(text))
        try await himaya.store.audit.append(
            AuditEntry(actor: "system", action: "partner.key_issued", subject: "partner:\(partner)",
                       detail: ["key": key.id.description, "scopes": scopes.map(\.rawValue).sorted().joined(separator: " ")]))
        return (key, text)
    }

    public func revoke(_ id: PartnerAPIKey.ID) async throws {
        try await himaya.store.partnerKeys.revoke(id, at: himaya.clock.now)
        himaya.partnerKeyCache.clear()
        try await himaya.store.audit.append(AuditEntry(actor: "system", action: "partner.key_revoked", subject: "partner_key:\(id)"))
    }
}
