/// Every migration, in order. Never edit a released one: add the next number.
public enum Schema {
    public static let migrations: [Migration] = [foundation]

    /// Staff, sessions, the audit chain, the job table, defenders and partners.
    static let foundation = Migration(version: 1, name: "foundation") { engine in
        var statements = [
            """
            CREATE TABLE staff_accounts (
                id TEXT PRIMARY KEY,
                username TEXT NOT NULL UNIQUE,
                display_name TEXT NOT NULL,
                role TEXT NOT NULL,
                languages TEXT NOT NULL,
                regions TEXT NOT NULL,
                password_hash TEXT NOT NULL,
                totp_secret_sealed TEXT NOT NULL,
                last_time_step BIGINT,
                failed_attempts BIGINT NOT NULL DEFAULT 0,
                locked_until BIGINT,
                created_at BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE staff_sessions (
                token_hash TEXT PRIMARY KEY,
                staff_id TEXT NOT NULL REFERENCES staff_accounts(id) ON DELETE CASCADE,
                csrf_token TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                expires_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX staff_sessions_expiry ON staff_sessions (expires_at)",
            """
            CREATE TABLE audit_events (
                sequence BIGINT PRIMARY KEY,
                recorded_at BIGINT NOT NULL,
                actor TEXT NOT NULL,
                action TEXT NOT NULL,
                subject TEXT,
                detail TEXT NOT NULL,
                previous_hash TEXT NOT NULL,
                hash TEXT NOT NULL
            )
            """,
            """
            CREATE TABLE jobs (
                id TEXT PRIMARY KEY,
                kind TEXT NOT NULL,
                payload TEXT NOT NULL,
                idempotency_key TEXT NOT NULL UNIQUE,
                state TEXT NOT NULL,
                attempts BIGINT NOT NULL,
                maximum_attempts BIGINT NOT NULL,
                run_at BIGINT NOT NULL,
                lease_owner TEXT,
                lease_until BIGINT,
                last_error TEXT,
                created_at BIGINT NOT NULL,
                finished_at BIGINT
            )
            """,
            "CREATE INDEX jobs_due ON jobs (state, run_at)",
            """
            CREATE TABLE defenders (
                id TEXT PRIMARY KEY,
                display_name_sealed TEXT NOT NULL,
                country TEXT NOT NULL,
                languages TEXT NOT NULL,
                activity TEXT NOT NULL,
                risk_tier TEXT NOT NULL,
                enrolled_at BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE partners (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL UNIQUE,
                country TEXT NOT NULL,
                languages TEXT NOT NULL,
                kind TEXT NOT NULL,
                joined_at BIGINT NOT NULL
            )
            """,
        ]
        // The audit log is append-only in the database itself, not only in our code.
        switch engine {
        case .sqlite:
            statements += [
                "CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END",
                "CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END",
            ]
        case .postgres:
            statements += [
                """
                CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'audit log is append-only'; END $$
                """,
                "CREATE TRIGGER audit_events_no_change BEFORE UPDATE OR DELETE ON audit_events FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()",
                "CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()",
            ]
        }
        return statements
    }
}
