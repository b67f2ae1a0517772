public import Foundation

/// Where held takedowns, the reports against defenders and the accounts seen in campaigns are kept.
public protocol EnforcementDesk: Sendable {
    /// The keyed hashes of every account whose holder consented to the enforcement guard, to
    /// build the in-memory set the check reads.
    func protectedAccountIndexes() async throws -> [String]
    /// The defender holding an account (by its keyed hash) who consented to the guard, if any.
    func guardedDefender(accountIndex: String) async throws -> Defender.ID?
    /// Changes whenever an account is linked or the guard consent changes.
    func protectionMark() async throws -> Int64
    /// Stores a new review with the messages about it, in one transaction, or returns the pending
    /// one for the same defender, content and action (and stores no messages).
    func hold(_ review: EnforcementReview, accountIndex: String, messages: [(PlatformMessage, Data)]) async throws -> EnforcementReview
    func review(_ id: EnforcementReview.ID) async throws -> EnforcementReview?
    func pendingReviews(limit: Int) async throws -> [EnforcementReview]
    /// Records a decision (pending → upheld or overturned) with an audit entry and the messages
    /// that tell of it, in one transaction; false if it was no longer pending.
    func decide(_ review: EnforcementReview, messages: [(PlatformMessage, Data)]) async throws -> Bool
    func addReports(_ reports: [EnforcementReport], defender: Defender.ID, contentID: String?) async throws
    func recentReports(defender: Defender.ID, since: Date) async throws -> [EnforcementReport]
    /// Marks the reporters of a campaign as seen in a pile-on against this defender, and the
    /// signs on the defender's pending reviews.
    func recordCampaign(defender: Defender.ID, reporters: Set<String>, signs: [CampaignSign], at date: Date) async throws
    func knownAttackers(of defender: Defender.ID) async throws -> Set<String>
    /// Decided reviews by outcome and political speech, for the accuracy figures.
    func decisionCounts() async throws -> [String: Int]
}
