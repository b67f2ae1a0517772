import Foundation
public import HimayaCore
import HimayaStore

extension Himaya {
    /// Records a consent given or withdrawn, and brings this process's in-memory sets along at
    /// once (other processes follow the store's change marks within seconds). A withdrawal also
    /// deletes what the consent covered, so the hash lists are reloaded too.
    public func recordConsent(_ purpose: ConsentPurpose, granted: Bool, for defender: Defender.ID, by actor: String) async throws {
        let now = clock.now
        if granted {
            try await store.consents.grant(purpose, for: defender, recordedBy: actor, at: now)
        } else {
            try await store.consents.withdraw(purpose, for: defender, recordedBy: actor, at: now)
            try await hashLibrary.reload(from: store, at: now)
        }
        try await protectedAccounts.reload(from: store, at: now)
        try await textLibrary.reload(from: store, at: now)
    }

    /// Records the consents a defender gave at enrolment, then brings the in-memory sets along
    /// once rather than after each.
    func recordConsents(_ purposes: Set<ConsentPurpose>, for defender: Defender.ID, by actor: String) async throws {
        for purpose in purposes.sorted(by: { $0.rawValue < $1.rawValue }) {
            try await store.consents.grant(purpose, for: defender, recordedBy: actor, at: clock.now)
        }
        try await protectedAccounts.reload(from: store, at: clock.now)
        try await textLibrary.reload(from: store, at: clock.now)
    }
}
