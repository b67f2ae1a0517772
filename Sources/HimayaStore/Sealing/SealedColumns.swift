/// Every column that holds sealed values, with the context each value is sealed under.
/// A feature that seals a new column adds it here, so key rotation reaches it.
public enum SealedColumns {
    /// One sealed column: the value in row `id` is sealed under `"\(contextPrefix):\(id)"`.
    public struct Column: Sendable {
        public let table: String
        public let column: String
        public let contextPrefix: String
        /// The column whose value follows the prefix in the context, or an SQL expression joining
        /// several (`a || ':' || b`) where the context names more than one.
        public var idColumn = "id"
    }

    public static let all: [Column] = [
        Column(table: "staff_accounts", column: "totp_secret_sealed", contextPrefix: "staff_accounts.totp_secret"),
        Column(table: "defenders", column: "display_name_sealed", contextPrefix: "defenders.display_name"),
        Column(table: "himaya_keys", column: "sealed", contextPrefix: "himaya_keys"),
        Column(table: "reports", column: "target_sealed", contextPrefix: "reports.target"),
        Column(table: "reports", column: "narrative_sealed", contextPrefix: "reports.narrative"),
        Column(table: "reports", column: "references_sealed", contextPrefix: "reports.references"),
        Column(table: "reports", column: "contact_sealed", contextPrefix: "reports.contact"),
        Column(table: "evidence_files", column: "name_sealed", contextPrefix: "evidence_files.name"),
        Column(table: "evidence_files", column: "original_sealed", contextPrefix: "evidence_files.original"),
        Column(table: "evidence_files", column: "redacted_sealed", contextPrefix: "evidence_files.redacted"),
        Column(table: "report_messages", column: "body_sealed", contextPrefix: "report_messages.body"),
        Column(table: "case_notes", column: "body_sealed", contextPrefix: "case_notes.body"),
        Column(table: "decisions", column: "reason_sealed", contextPrefix: "decisions.reason"),
        Column(table: "platforms", column: "secret_sealed", contextPrefix: "platforms.secret"),
        Column(table: "webhook_deliveries", column: "payload_sealed", contextPrefix: "webhook_deliveries.payload"),
        Column(table: "enforcement_reviews", column: "platform_reason_sealed", contextPrefix: "enforcement_reviews.platform_reason"),
        Column(table: "enforcement_reviews", column: "reason_sealed", contextPrefix: "enforcement_reviews.reason"),
        Column(table: "platform_messages", column: "payload_sealed", contextPrefix: "platform_messages.payload"),
        Column(table: "defender_logins", column: "totp_secret_sealed", contextPrefix: "defender_logins.totp_secret", idColumn: "defender_id"),
        Column(table: "hash_list_entries", column: "value_sealed", contextPrefix: "hash_list_entries.value"),
        Column(table: "defender_accounts", column: "account_sealed", contextPrefix: "defender_accounts.account", idColumn: "account_index"),
        Column(table: "watch_terms", column: "term_sealed", contextPrefix: "watch_terms.term"),
        Column(table: "text_signals", column: "details_sealed", contextPrefix: "text_signals.details"),
        Column(table: "held_uploads", column: "name_sealed", contextPrefix: "held_uploads.name", idColumn: "token_hash"),
        Column(table: "held_uploads", column: "original_sealed", contextPrefix: "held_uploads.original", idColumn: "token_hash"),
        Column(table: "held_uploads", column: "redacted_sealed", contextPrefix: "held_uploads.redacted", idColumn: "token_hash"),
        Column(table: "idempotent_requests", column: "response_sealed", contextPrefix: "idempotent_requests", idColumn: "partner_id || ':' || idempotency_key"),
        Column(table: "shield_blocks", column: "account_sealed", contextPrefix: "shield_blocks.account"),
        Column(table: "shield_held", column: "author_sealed", contextPrefix: "shield_held.author"),
        Column(table: "shield_held", column: "excerpt_sealed", contextPrefix: "shield_held.excerpt"),
        // Every event of one author holds the same account, so one re-wrapped value serves them all.
        Column(table: "mention_events", column: "author_sealed", contextPrefix: "mention_events.author", idColumn: "author_index"),
        Column(table: "pile_on_members", column: "account_sealed", contextPrefix: "pile_on_members.account", idColumn: "pile_on_id || ':' || author_index"),
    ]
}
