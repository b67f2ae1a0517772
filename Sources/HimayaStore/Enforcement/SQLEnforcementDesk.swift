public import HimayaCore
public import Foundation
import SQLKit

/// Held takedowns in `enforcement_reviews`, reports in `enforcement_reports`, campaign accounts in
/// `campaign_accounts`. Reasons are sealed; reporters are keyed hashes; report texts are SimHash only.
public struct SQLEnforcementDesk: EnforcementDesk {
    private let source: any SQLConnectionSource
    private let sealer: Sealer
    private let clock: WallClock

    init(source: any SQLConnectionSource, sealer: Sealer, clock: WallClock) {
        self.source = source
        self.sealer = sealer
        self.clock = clock
    }

    private static let guarded = """
        SELECT a.account_index AS account_index, a.defender_id AS defender_id FROM defender_accounts a
        JOIN defender_consents c ON c.defender_id = a.defender_id AND c.purpose = 'enforcement_guard' AND c.withdrawn_at IS NULL
        """

    public func protectedAccountIndexes() async throws -> [String] {
        try await source.withConnection { db in
            try await db.raw(SQLQueryString(Self.guarded)).all().map { try $0.decode(column: "account_index", as: String.self) }
        }
    }

    public func guardedDefender(accountIndex: String) async throws -> Defender.ID? {
        try await source.withConnection { db in
            try await db.raw(SQLQueryString(Self.guarded) + " WHERE a.account_index = \(bind: accountIndex)").first()
                .flatMap { Defender.ID(try $0.decode(column: "defender_id", as: String.self)) }
        }
    }

    public func protectionMark() async throws -> Int64 {
        try await source.withConnection { db in
            try await db.raw("SELECT value FROM store_counters WHERE name = 'protected_accounts'").first()?.decode(column: "value", as: Int64.self) ?? 0
        }
    }

    public func hold(_ review: EnforcementReview, accountIndex: String, messages: [(PlatformMessage, Data)]) async throws -> EnforcementReview {
        let platformReason = try review.platformReason.map { try sealer.seal($0, context: "enforcement_reviews.platform_reason:\(review.id)") }
        return try await source.transaction { [clock, sealer, engine = source.engine] db in
            // The platform may ask twice about the same takedown: one review answers both.
            let existing = try await db.raw(
                """
                SELECT * FROM enforcement_reviews WHERE defender_id = \(bind: review.defenderID.description) AND status = 'pending'
                AND action = \(bind: review.action.rawValue) AND account_index = \(bind: accountIndex)
                AND COALESCE(content_id, '') = \(bind: review.contentID ?? "")
                """
            ).first()
            if let existing { return try Self.review(from: existing, sealer: sealer) }
            try await db.raw(
                """
                INSERT INTO enforcement_reviews (id, defender_id, account_index, content_id, action, platform_reason_sealed, priority,
                    priority_factors, status, requested_at, due_at, campaign_signs, political_speech)
                VALUES (\(bind: review.id.description), \(bind: review.defenderID.description), \(bind: accountIndex), \(bind: review.contentID),
                    \(bind: review.action.rawValue), \(bind: platformReason), \(bind: review.priority.rawValue),
                    \(bind: review.priorityFactors.joined(separator: " ")), 'pending', \(bind: Timestamp.millis(review.requestedAt)),
                    \(bind: Timestamp.millis(review.dueAt)), \(bind: review.campaignSigns.joined(separator: " ")), 0)
                """
            ).run()
            try await SQLAuditTrail.append(
                AuditEntry(actor: "system", action: "enforcement.held", subject: "enforcement_review:\(review.id)",
                           detail: ["defender": review.defenderID.description, "action": review.action.rawValue, "priority": "\(review.priority)"]),
                on: db, engine: engine, at: clock.now)
            try await SQLPlatformOutbox.insert(messages, sealer: sealer, on: db, now: clock.now)
            return review
        }
    }

    public func review(_ id: EnforcementReview.ID) async throws -> EnforcementReview? {
        try await source.withConnection { [sealer] db in
            try await db.raw("SELECT * FROM enforcement_reviews WHERE id = \(bind: id.description)").first().map { try Self.review(from: $0, sealer: sealer) }
        }
    }

    public func pendingReviews(limit: Int) async throws -> [EnforcementReview] {
        try await source.withConnection { [sealer] db in
            try await db.raw(
                "SELECT * FROM enforcement_reviews WHERE status = 'pending' ORDER BY priority, due_at LIMIT \(literal: limit)"
            ).all().map { try Self.review(from: $0, sealer: sealer) }
        }
    }

    public func decide(_ review: EnforcementReview, messages: [(PlatformMessage, Data)]) async throws -> Bool {
        guard let reason = review.reason, let decidedAt = review.decidedAt, let staff = review.decidedBy else { return false }
        let sealedReason = try sealer.seal(reason, context: "enforcement_reviews.reason:\(review.id)")
        return try await source.transaction { [clock, sealer, engine = source.engine] db in
            let changed = try await db.raw(
                """
                UPDATE enforcement_reviews SET status = \(bind: review.status.rawValue), decided_at = \(bind: Timestamp.millis(decidedAt)),
                    decided_by = \(bind: staff.description), reason_sealed = \(bind: sealedReason), political_speech = \(bind: review.politicalSpeech ? 1 : 0)
                WHERE id = \(bind: review.id.description) AND status = 'pending' RETURNING id
                """
            ).first()
            guard changed != nil else { return false }
            try await SQLAuditTrail.append(
                AuditEntry(actor: "staff:\(staff)", action: "enforcement.reviewed", subject: "enforcement_review:\(review.id)",
                           detail: ["outcome": review.status.rawValue, "political_speech": review.politicalSpeech ? "yes" : "no"]),
                on: db, engine: engine, at: clock.now)
            try await SQLPlatformOutbox.insert(messages, sealer: sealer, on: db, now: clock.now)
            return true
        }
    }

    public func addReports(_ reports: [EnforcementReport], defender: Defender.ID, contentID: String?) async throws {
        guard !reports.isEmpty else { return }
        try await source.transaction { db in
            for report in reports {
                try await db.raw(
                    """
                    INSERT INTO enforcement_reports (id, defender_id, content_id, reporter_index, reporter_age_days, text_simhash, reported_at)
                    VALUES (\(bind: UUID().uuidString.lowercased()), \(bind: defender.description), \(bind: contentID), \(bind: report.reporterIndex),
                        \(bind: report.reporterAccountAgeDays), \(bind: report.textFingerprint.map { String($0, radix: 16) }),
                        \(bind: Timestamp.millis(report.reportedAt)))
                    """
                ).run()
            }
        }
    }

    public func recentReports(defender: Defender.ID, since: Date) async throws -> [EnforcementReport] {
        try await source.withConnection { db in
            try await db.raw(
                """
                SELECT * FROM enforcement_reports WHERE defender_id = \(bind: defender.description) AND reported_at >= \(bind: Timestamp.millis(since))
                ORDER BY reported_at LIMIT 10000
                """
            ).all().map { row in
                EnforcementReport(
                    reporterIndex: try row.decode(column: "reporter_index", as: String.self),
                    reporterAccountAgeDays: try row.decode(column: "reporter_age_days", as: Int?.self),
                    textFingerprint: try row.decode(column: "text_simhash", as: String?.self).flatMap { UInt64($0, radix: 16) },
                    reportedAt: Timestamp.date(try row.decode(column: "reported_at", as: Int64.self)))
            }
        }
    }

    public func recordCampaign(defender: Defender.ID, reporters: Set<String>, signs: [CampaignSign], at date: Date) async throws {
        try await source.transaction { [clock, engine = source.engine] db in
            for reporter in reporters.sorted() {
                try await db.raw(
                    """
                    INSERT INTO campaign_accounts (defender_id, reporter_index, seen_at) VALUES (\(bind: defender.description), \(bind: reporter), \(bind: Timestamp.millis(date)))
                    ON CONFLICT (defender_id, reporter_index) DO UPDATE SET seen_at = excluded.seen_at
                    """
                ).run()
            }
            let codes = signs.map(\.rawValue)
            for row in try await db.raw(
                "SELECT id, campaign_signs FROM enforcement_reviews WHERE defender_id = \(bind: defender.description) AND status = 'pending'"
            ).all() {
                let current = try row.decode(column: "campaign_signs", as: String.self).split(separator: " ").map(String.init)
                let merged = (current + codes.filter { !current.contains($0) }).joined(separator: " ")
                try await db.raw(
                    "UPDATE enforcement_reviews SET campaign_signs = \(bind: merged) WHERE id = \(bind: try row.decode(column: "id", as: String.self))"
                ).run()
            }
            try await SQLAuditTrail.append(
                AuditEntry(actor: "system", action: "enforcement.campaign_flagged", subject: "defender:\(defender)",
                           detail: ["signs": codes.joined(separator: " "), "reporters": String(reporters.count)]),
                on: db, engine: engine, at: clock.now)
        }
    }

    public func knownAttackers(of defender: Defender.ID) async throws -> Set<String> {
        try await source.withConnection { db in
            Set(try await db.raw("SELECT reporter_index FROM campaign_accounts WHERE defender_id = \(bind: defender.description)").all().map {
                try $0.decode(column: "reporter_index", as: String.self)
            })
        }
    }

    public func decisionCounts() async throws -> [String: Int] {
        try await source.withConnection { db in
            var counts: [String: Int] = [:]
            for row in try await db.raw(
                "SELECT status, political_speech, COUNT(*) AS n FROM enforcement_reviews GROUP BY status, political_speech"
            ).all() {
                let status = try row.decode(column: "status", as: String.self)
                let political = try row.decode(column: "political_speech", as: Int.self) == 1
                counts[political ? "\(status)_political" : status, default: 0] += try row.decode(column: "n", as: Int.self)
            }
            return counts
        }
    }

    static func review(from row: any SQLRow, sealer: Sealer) throws -> EnforcementReview {
        let id = EnforcementReview.ID(try row.decode(column: "id", as: String.self)) ?? EnforcementReview.ID()
        return EnforcementReview(
            id: id,
            defenderID: Defender.ID(try row.decode(column: "defender_id", as: String.self)) ?? Defender.ID(),
            contentID: try row.decode(column: "content_id", as: String?.self),
            action: EnforcementAction(rawValue: try row.decode(column: "action", as: String.self)) ?? .removal,
            platformReason: try row.decode(column: "platform_reason_sealed", as: String?.self).map {
                try sealer.openText($0, context: "enforcement_reviews.platform_reason:\(id)")
            },
            priority: Priority(rawValue: try row.decode(column: "priority", as: Int.self)) ?? .p2,
            priorityFactors: try row.decode(column: "priority_factors", as: String.self).split(separator: " ").map(String.init),
            status: EnforcementReview.Status(rawValue: try row.decode(column: "status", as: String.self)) ?? .pending,
            requestedAt: Timestamp.date(try row.decode(column: "requested_at", as: Int64.self)),
            dueAt: Timestamp.date(try row.decode(column: "due_at", as: Int64.self)),
            campaignSigns: try row.decode(column: "campaign_signs", as: String.self).split(separator: " ").map(String.init),
            decidedAt: try row.decode(column: "decided_at", as: Int64?.self).map(Timestamp.date),
            decidedBy: try row.decode(column: "decided_by", as: String?.self).flatMap(StaffAccount.ID.init),
            reason: try row.decode(column: "reason_sealed", as: String?.self).map { try sealer.openText($0, context: "enforcement_reviews.reason:\(id)") },
            politicalSpeech: try row.decode(column: "political_speech", as: Int.self) == 1)
    }
}
