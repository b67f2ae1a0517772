/// Every column that holds sealed values, with the context each value is sealed under.
/// A feature that seals a new column adds it here, so key rotation reaches it.
public enum SealedColumns {
    /// One sealed column: the value in row `id` is sealed under `"\(contextPrefix):\(id)"`.
    public struct Column: Sendable {
        public let table: String
        public let column: String
        public let contextPrefix: String
    }

    public static let all: [Column] = [
        Column(table: "staff_accounts", column: "totp_secret_sealed", contextPrefix: "staff_accounts.totp_secret"),
        Column(table: "defenders", column: "display_name_sealed", contextPrefix: "defenders.display_name"),
    ]
}
