public import Foundation

/// Tells a pile-on from ordinary attention: many distinct accounts aimed at one defender within
/// an hour, well above that defender's own usual hourly count, and near-identical messages from
/// several accounts (a copied script). Plain thresholds, so a responder can read why.
public enum PileOnDetector {
    /// What the recent posts about one defender add up to.
    public struct Assessment: Sendable, Equatable {
        public var distinctAuthors: Int
        /// The defender's usual distinct authors per hour over the baseline period.
        public var baselinePerHour: Double
        /// Accounts whose message is within `nearDuplicateBits` of another account's.
        public var nearDuplicateAuthors: Int
        public var isPileOn: Bool
        public var isCoordinated: Bool
    }

    public static let window: TimeInterval = 3600
    public static let baselinePeriod: TimeInterval = 14 * 86400
    /// At least this many distinct accounts in the window…
    public static let minimumAuthors = 8
    /// …and this many times the defender's usual hourly count.
    public static let baselineMultiple = 5.0
    public static let nearDuplicateBits = 6
    public static let minimumCopiers = 4
    static let maximumCompared = 400
    static let storedPrecision: TimeInterval = 0.001

    /// Assesses the events about one defender (over the baseline period, any order) at `now`.
    public static func assess(_ events: [MentionEvent], at now: Date) -> Assessment {
        // Times come back from the store rounded to the millisecond, so the post just recorded may
        // read as a fraction of a millisecond after `now`; it still counts.
        let recent = events.filter { now.timeIntervalSince($0.seenAt) <= window && $0.seenAt.timeIntervalSince(now) <= storedPrecision }
        let earlier = events.filter { now.timeIntervalSince($0.seenAt) > window && now.timeIntervalSince($0.seenAt) <= baselinePeriod }
        let authors = Set(recent.map(\.authorIndex))
        // Baseline: distinct author-hours before this window, over the hours the period covers.
        let hours = baselinePeriod / 3600 - 1
        let authorHours = Set(earlier.map { "\($0.authorIndex):\(Int($0.seenAt.timeIntervalSince1970 / 3600))" }).count
        let baseline = Double(authorHours) / hours
        // Near duplicates: authors whose message is close to a different author's.
        var copiers = Set<String>()
        // The latest few hundred posts are enough to see a script being copied, and keep this quick.
        let latest = recent.sorted { $0.seenAt < $1.seenAt }.suffix(maximumCompared)
        let byAuthor = Dictionary(grouping: latest, by: \.authorIndex)
        let fingerprints = byAuthor.map { ($0.key, $0.value.map(\.textFingerprint)) }
        for (index, (author, prints)) in fingerprints.enumerated() {
            for (other, otherPrints) in fingerprints[(index + 1)...] {
                let close = prints.contains { a in otherPrints.contains { b in (a ^ b).nonzeroBitCount <= nearDuplicateBits } }
                if close {
                    copiers.insert(author)
                    copiers.insert(other)
                }
            }
        }
        let isPileOn = authors.count >= minimumAuthors && Double(authors.count) >= baselineMultiple * max(baseline, 1)
        return Assessment(
            distinctAuthors: authors.count, baselinePerHour: baseline, nearDuplicateAuthors: copiers.count, isPileOn: isPileOn,
            isCoordinated: copiers.count >= minimumCopiers)
    }
}
