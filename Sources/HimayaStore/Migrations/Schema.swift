/// Every migration, in order. Never edit a released one: add the next number.
public enum Schema {
    public static let migrations: [Migration] = [foundation, reporting, console, decisions, hashLists, enforcement, shifts, lockdowns, defenderSpace, delegations, textDetection, alertPreferences, signInLinks, shield]

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

    /// Reports, cases, evidence, receipts, message threads, partner keys and idempotency records.
    static let reporting = Migration(version: 2, name: "reporting") { _ in
        [
            "CREATE TABLE himaya_keys (id TEXT PRIMARY KEY, sealed TEXT NOT NULL)",
            """
            CREATE TABLE cases (
                id TEXT PRIMARY KEY,
                reference TEXT NOT NULL UNIQUE,
                status TEXT NOT NULL,
                priority BIGINT NOT NULL,
                priority_factors TEXT NOT NULL,
                category TEXT NOT NULL,
                country TEXT NOT NULL,
                language TEXT,
                reporter_language TEXT NOT NULL,
                immediate_danger BIGINT NOT NULL,
                target_index TEXT,
                opened_at BIGINT NOT NULL,
                first_response_due BIGINT NOT NULL,
                resolution_due BIGINT NOT NULL,
                report_count BIGINT NOT NULL,
                updated_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX cases_by_target ON cases (target_index, status)",
            "CREATE INDEX cases_queue ON cases (status, priority, first_response_due)",
            """
            CREATE TABLE reports (
                id TEXT PRIMARY KEY,
                case_id TEXT NOT NULL REFERENCES cases(id),
                source TEXT NOT NULL,
                partner_id TEXT REFERENCES partners(id),
                category TEXT NOT NULL,
                immediate_danger BIGINT NOT NULL,
                reporter_is_target BIGINT NOT NULL,
                target_sealed TEXT,
                country TEXT NOT NULL,
                attack_language TEXT,
                reporter_language TEXT NOT NULL,
                narrative_sealed TEXT NOT NULL,
                references_sealed TEXT NOT NULL,
                contact_method TEXT NOT NULL,
                contact_sealed TEXT,
                share_partner_id TEXT REFERENCES partners(id),
                law_enforcement BIGINT NOT NULL,
                urgent BIGINT NOT NULL,
                received_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX reports_by_case ON reports (case_id)",
            """
            CREATE TABLE case_content (
                case_id TEXT NOT NULL REFERENCES cases(id),
                content_index TEXT NOT NULL,
                PRIMARY KEY (case_id, content_index)
            )
            """,
            "CREATE INDEX case_content_lookup ON case_content (content_index)",
            """
            CREATE TABLE evidence_files (
                id TEXT PRIMARY KEY,
                report_id TEXT NOT NULL REFERENCES reports(id),
                case_id TEXT NOT NULL REFERENCES cases(id),
                media_type TEXT NOT NULL,
                name_sealed TEXT NOT NULL,
                size BIGINT NOT NULL,
                sha256 TEXT NOT NULL,
                received_at BIGINT NOT NULL,
                original_sealed TEXT NOT NULL,
                redacted_sealed TEXT NOT NULL
            )
            """,
            "CREATE INDEX evidence_by_report ON evidence_files (report_id)",
            """
            CREATE TABLE receipts (
                code_hash TEXT PRIMARY KEY,
                report_id TEXT NOT NULL REFERENCES reports(id),
                created_at BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE report_messages (
                id TEXT PRIMARY KEY,
                report_id TEXT NOT NULL REFERENCES reports(id),
                author TEXT NOT NULL,
                staff_id TEXT,
                body_sealed TEXT NOT NULL,
                sent_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX report_messages_by_report ON report_messages (report_id, sent_at)",
            """
            CREATE TABLE partner_api_keys (
                id TEXT PRIMARY KEY,
                partner_id TEXT NOT NULL REFERENCES partners(id),
                secret_hash TEXT NOT NULL UNIQUE,
                prefix TEXT NOT NULL,
                scopes TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                revoked_at BIGINT
            )
            """,
            """
            CREATE TABLE idempotent_requests (
                partner_id TEXT NOT NULL REFERENCES partners(id),
                idempotency_key TEXT NOT NULL,
                request_hash TEXT NOT NULL,
                response_sealed TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                PRIMARY KEY (partner_id, idempotency_key)
            )
            """,
            """
            CREATE TABLE held_uploads (
                token_hash TEXT PRIMARY KEY,
                media_type TEXT NOT NULL,
                name_sealed TEXT NOT NULL,
                size BIGINT NOT NULL,
                sha256 TEXT NOT NULL,
                received_at BIGINT NOT NULL,
                original_sealed TEXT NOT NULL,
                redacted_sealed TEXT NOT NULL,
                expires_at BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE follow_up_sessions (
                token_hash TEXT PRIMARY KEY,
                report_id TEXT NOT NULL REFERENCES reports(id),
                expires_at BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE defender_accounts (
                account_index TEXT PRIMARY KEY,
                defender_id TEXT NOT NULL REFERENCES defenders(id) ON DELETE CASCADE,
                account_sealed TEXT NOT NULL
            )
            """,
            "ALTER TABLE staff_accounts ADD COLUMN partner_id TEXT REFERENCES partners(id)",
        ]
    }

    /// Who holds a case and when it was first answered; responders' notes; exposure to graphic items.
    static let console = Migration(version: 3, name: "console") { _ in
        [
            "ALTER TABLE cases ADD COLUMN assignee_id TEXT REFERENCES staff_accounts(id)",
            "ALTER TABLE cases ADD COLUMN answered_at BIGINT",
            "CREATE INDEX cases_by_assignee ON cases (assignee_id, status)",
            "CREATE TABLE settings (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
            """
            CREATE TABLE case_notes (
                id TEXT PRIMARY KEY,
                case_id TEXT NOT NULL REFERENCES cases(id),
                staff_id TEXT NOT NULL REFERENCES staff_accounts(id),
                body_sealed TEXT NOT NULL,
                written_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX case_notes_by_case ON case_notes (case_id, written_at)",
            """
            CREATE TABLE staff_exposure (
                staff_id TEXT NOT NULL REFERENCES staff_accounts(id),
                day TEXT NOT NULL,
                opened BIGINT NOT NULL,
                PRIMARY KEY (staff_id, day)
            )
            """,
        ]
    }

    /// Decisions with their statements of reasons, the platform, and webhook deliveries.
    static let decisions = Migration(version: 4, name: "decisions") { _ in
        [
            """
            CREATE TABLE decisions (
                id TEXT PRIMARY KEY,
                case_id TEXT NOT NULL REFERENCES cases(id),
                staff_id TEXT NOT NULL REFERENCES staff_accounts(id),
                clause_id TEXT NOT NULL,
                clause_version BIGINT NOT NULL,
                reason_sealed TEXT NOT NULL,
                actions TEXT NOT NULL,
                statement TEXT NOT NULL,
                decided_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX decisions_by_case ON decisions (case_id, decided_at)",
            """
            CREATE TABLE platforms (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                webhook_url TEXT NOT NULL,
                secret_sealed TEXT NOT NULL,
                created_at BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE webhook_deliveries (
                id TEXT PRIMARY KEY,
                decision_id TEXT NOT NULL REFERENCES decisions(id),
                case_id TEXT NOT NULL REFERENCES cases(id),
                action TEXT NOT NULL,
                payload_sealed TEXT NOT NULL,
                status TEXT NOT NULL,
                attempts BIGINT NOT NULL,
                last_response BIGINT,
                updated_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX webhook_deliveries_by_case ON webhook_deliveries (case_id)",
            // The queue reads open cases in priority and deadline order; a partial index serves it
            // without touching the closed cases, however many there are.
            """
            CREATE INDEX cases_open_queue ON cases (priority, first_response_due)
            WHERE status IN ('new', 'in_progress', 'waiting_for_reporter')
            """,
            """
            CREATE INDEX cases_open_by_language ON cases (language, priority, first_response_due)
            WHERE status IN ('new', 'in_progress', 'waiting_for_reporter')
            """,
            """
            CREATE INDEX cases_open_by_country ON cases (country, priority, first_response_due)
            WHERE status IN ('new', 'in_progress', 'waiting_for_reporter')
            """,
        ]
    }

    /// Hash lists and their hashes, defenders' consents, the platform's API keys, and the log of
    /// what media scanning found.
    static let hashLists = Migration(version: 5, name: "hash_lists") { _ in
        [
            """
            CREATE TABLE hash_lists (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL UNIQUE,
                category TEXT NOT NULL,
                owner TEXT NOT NULL,
                match_threshold BIGINT NOT NULL,
                minimum_quality BIGINT NOT NULL,
                action TEXT NOT NULL,
                defender_id TEXT REFERENCES defenders(id),
                created_at BIGINT NOT NULL
            )
            """,
            "CREATE UNIQUE INDEX hash_lists_reference_per_defender ON hash_lists (defender_id) WHERE defender_id IS NOT NULL",
            """
            CREATE TABLE hash_list_entries (
                id TEXT PRIMARY KEY,
                list_id TEXT NOT NULL REFERENCES hash_lists(id),
                kind TEXT NOT NULL,
                value TEXT,
                value_sealed TEXT,
                added_at BIGINT NOT NULL
            )
            """,
            "CREATE UNIQUE INDEX hash_list_entries_unique ON hash_list_entries (list_id, kind, value)",
            """
            CREATE TABLE store_counters (
                name TEXT PRIMARY KEY,
                value BIGINT NOT NULL
            )
            """,
            "INSERT INTO store_counters (name, value) VALUES ('hash_lists', 0)",
            """
            CREATE TABLE defender_consents (
                defender_id TEXT NOT NULL REFERENCES defenders(id),
                purpose TEXT NOT NULL,
                granted_at BIGINT NOT NULL,
                recorded_by TEXT NOT NULL,
                withdrawn_at BIGINT,
                PRIMARY KEY (defender_id, purpose)
            )
            """,
            """
            CREATE TABLE platform_api_keys (
                id TEXT PRIMARY KEY,
                platform_id TEXT NOT NULL REFERENCES platforms(id),
                secret_hash TEXT NOT NULL UNIQUE,
                prefix TEXT NOT NULL,
                scopes TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                revoked_at BIGINT
            )
            """,
            """
            CREATE TABLE media_signals (
                id TEXT PRIMARY KEY,
                content_id TEXT NOT NULL,
                media_index BIGINT NOT NULL,
                kind TEXT NOT NULL,
                list_id TEXT,
                defender_id TEXT,
                distance BIGINT,
                quality BIGINT,
                explanation TEXT NOT NULL,
                case_id TEXT,
                alert_requested BIGINT NOT NULL,
                recorded_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX media_signals_by_case ON media_signals (case_id)",
        ]
    }

    /// Takedowns held for review, the reports against defenders (reporters as keyed hashes, texts
    /// as SimHash only), accounts seen in campaigns, and signed messages to the platform.
    static let enforcement = Migration(version: 6, name: "enforcement") { _ in
        [
            """
            CREATE TABLE enforcement_reviews (
                id TEXT PRIMARY KEY,
                defender_id TEXT NOT NULL REFERENCES defenders(id),
                account_index TEXT NOT NULL,
                content_id TEXT,
                action TEXT NOT NULL,
                platform_reason_sealed TEXT,
                priority BIGINT NOT NULL,
                priority_factors TEXT NOT NULL,
                status TEXT NOT NULL,
                requested_at BIGINT NOT NULL,
                due_at BIGINT NOT NULL,
                campaign_signs TEXT NOT NULL,
                decided_at BIGINT,
                decided_by TEXT,
                reason_sealed TEXT,
                political_speech BIGINT NOT NULL
            )
            """,
            "CREATE INDEX enforcement_reviews_pending ON enforcement_reviews (due_at) WHERE status = 'pending'",
            "CREATE INDEX enforcement_reviews_by_defender ON enforcement_reviews (defender_id, status)",
            """
            CREATE TABLE enforcement_reports (
                id TEXT PRIMARY KEY,
                defender_id TEXT NOT NULL REFERENCES defenders(id),
                content_id TEXT,
                reporter_index TEXT NOT NULL,
                reporter_age_days BIGINT,
                text_simhash TEXT,
                reported_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX enforcement_reports_by_defender ON enforcement_reports (defender_id, reported_at)",
            """
            CREATE TABLE campaign_accounts (
                defender_id TEXT NOT NULL REFERENCES defenders(id),
                reporter_index TEXT NOT NULL,
                seen_at BIGINT NOT NULL,
                PRIMARY KEY (defender_id, reporter_index)
            )
            """,
            """
            CREATE TABLE platform_messages (
                id TEXT PRIMARY KEY,
                kind TEXT NOT NULL,
                subject TEXT NOT NULL,
                payload_sealed TEXT NOT NULL,
                status TEXT NOT NULL,
                attempts BIGINT NOT NULL,
                last_response BIGINT,
                updated_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX platform_messages_by_subject ON platform_messages (subject)",
            "INSERT INTO store_counters (name, value) VALUES ('protected_accounts', 0)",
        ]
    }

    /// Who is on shift, for the queue's coverage.
    static let shifts = Migration(version: 7, name: "shifts") { _ in
        [
            """
            CREATE TABLE staff_shifts (
                staff_id TEXT PRIMARY KEY REFERENCES staff_accounts(id),
                started_at BIGINT NOT NULL,
                ends_at BIGINT NOT NULL
            )
            """,
        ]
    }

    /// Lockdowns of defenders' accounts, step by step.
    static let lockdowns = Migration(version: 8, name: "lockdowns") { _ in
        [
            """
            CREATE TABLE lockdowns (
                id TEXT PRIMARY KEY,
                defender_id TEXT NOT NULL REFERENCES defenders(id),
                requested_by TEXT NOT NULL,
                requested_at BIGINT NOT NULL,
                alert_responders BIGINT NOT NULL
            )
            """,
            "CREATE INDEX lockdowns_by_defender ON lockdowns (defender_id, requested_at)",
            """
            CREATE TABLE lockdown_steps (
                lockdown_id TEXT NOT NULL REFERENCES lockdowns(id),
                step TEXT NOT NULL,
                state TEXT NOT NULL,
                updated_at BIGINT NOT NULL,
                PRIMARY KEY (lockdown_id, step)
            )
            """,
        ]
    }

    /// Defenders' own sign-ins (no e-mail: usernames as keyed hashes) and sessions.
    static let defenderSpace = Migration(version: 9, name: "defender_space") { _ in
        [
            """
            CREATE TABLE defender_logins (
                defender_id TEXT PRIMARY KEY REFERENCES defenders(id),
                username_index TEXT NOT NULL UNIQUE,
                password_hash TEXT NOT NULL,
                totp_secret_sealed TEXT NOT NULL,
                last_time_step BIGINT,
                failed_attempts BIGINT NOT NULL,
                locked_until BIGINT,
                recovery_hashes TEXT NOT NULL,
                created_at BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE defender_sessions (
                token_hash TEXT PRIMARY KEY,
                defender_id TEXT NOT NULL REFERENCES defenders(id),
                csrf_token TEXT NOT NULL,
                expires_at BIGINT NOT NULL
            )
            """,
        ]
    }

    /// Defenders' grants to partners to act for them.
    static let delegations = Migration(version: 10, name: "delegations") { _ in
        [
            """
            CREATE TABLE delegations (
                id TEXT PRIMARY KEY,
                defender_id TEXT NOT NULL REFERENCES defenders(id),
                partner_id TEXT NOT NULL REFERENCES partners(id),
                rights TEXT NOT NULL,
                granted_at BIGINT NOT NULL,
                expires_at BIGINT NOT NULL,
                revoked_at BIGINT
            )
            """,
            "CREATE INDEX delegations_by_defender ON delegations (defender_id)",
            "CREATE INDEX delegations_by_partner ON delegations (partner_id)",
        ]
    }

    /// What text detection watches for (defenders' names, aliases and handles, sealed), the posts
    /// aimed at them (keyed author hashes and SimHashes, for pile-on detection), and the text
    /// signals found, with their quoted spans sealed.
    static let textDetection = Migration(version: 11, name: "text_detection") { _ in
        [
            """
            CREATE TABLE watch_terms (
                id TEXT PRIMARY KEY,
                defender_id TEXT NOT NULL REFERENCES defenders(id),
                kind TEXT NOT NULL,
                term_sealed TEXT NOT NULL,
                added_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX watch_terms_by_defender ON watch_terms (defender_id)",
            """
            CREATE TABLE mention_events (
                defender_id TEXT NOT NULL REFERENCES defenders(id),
                author_index TEXT NOT NULL,
                text_simhash TEXT NOT NULL,
                harmful BIGINT NOT NULL,
                seen_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX mention_events_by_defender ON mention_events (defender_id, seen_at)",
            """
            CREATE TABLE text_signals (
                id TEXT PRIMARY KEY,
                content_id TEXT NOT NULL,
                label TEXT NOT NULL,
                kind TEXT NOT NULL,
                score DOUBLE PRECISION NOT NULL,
                rule TEXT NOT NULL,
                language TEXT,
                defenders TEXT NOT NULL,
                details_sealed TEXT NOT NULL,
                case_id TEXT,
                alert_requested BIGINT NOT NULL,
                recorded_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX text_signals_by_case ON text_signals (case_id)",
            "INSERT INTO store_counters (name, value) VALUES ('protected_people', 0)",
        ]
    }

    /// How each defender wants alerts: channel, minimum severity, quiet hours, digest.
    static let alertPreferences = Migration(version: 12, name: "alert_preferences") { _ in
        [
            """
            CREATE TABLE alert_preferences (
                defender_id TEXT PRIMARY KEY REFERENCES defenders(id),
                channel TEXT NOT NULL,
                minimum_severity TEXT NOT NULL,
                quiet_from BIGINT,
                quiet_until BIGINT,
                utc_offset_minutes BIGINT NOT NULL,
                digest_hour BIGINT,
                urgent_always_now BIGINT NOT NULL,
                updated_at BIGINT NOT NULL
            )
            """,
        ]
    }

    /// One-time sign-in links the platform delivers to a defender, kept as hashes.
    static let signInLinks = Migration(version: 13, name: "sign_in_links") { _ in
        [
            """
            CREATE TABLE defender_sign_in_links (
                token_hash TEXT PRIMARY KEY,
                defender_id TEXT NOT NULL REFERENCES defenders(id),
                expires_at BIGINT NOT NULL
            )
            """,
        ]
    }

    /// Shield mode: settings, block lists, the held folder, and pile-ons with their accounts (sealed),
    /// which mention events now keep sealed too, so a whole pile-on can be blocked in one action.
    /// And the partners a defender names to see their cases, under their consent to partner sharing.
    static let shield = Migration(version: 14, name: "shield") { _ in
        [
            "ALTER TABLE mention_events ADD COLUMN author_sealed TEXT",
            """
            CREATE TABLE shield_settings (
                defender_id TEXT PRIMARY KEY REFERENCES defenders(id),
                is_on BIGINT NOT NULL,
                new_account_days BIGINT NOT NULL,
                hold_pile_on BIGINT NOT NULL,
                hold_block_list BIGINT NOT NULL,
                changed_at BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE shield_blocks (
                id TEXT PRIMARY KEY,
                defender_id TEXT NOT NULL REFERENCES defenders(id),
                account_index TEXT NOT NULL,
                account_sealed TEXT NOT NULL,
                source TEXT NOT NULL,
                added_at BIGINT NOT NULL,
                UNIQUE (defender_id, account_index)
            )
            """,
            """
            CREATE TABLE shield_held (
                id TEXT PRIMARY KEY,
                defender_id TEXT NOT NULL REFERENCES defenders(id),
                content_id TEXT NOT NULL,
                author_sealed TEXT NOT NULL,
                kind TEXT NOT NULL,
                reasons TEXT NOT NULL,
                excerpt_sealed TEXT NOT NULL,
                state TEXT NOT NULL,
                held_at BIGINT NOT NULL,
                resolved_at BIGINT
            )
            """,
            "CREATE INDEX shield_held_by_defender ON shield_held (defender_id, held_at)",
            """
            CREATE TABLE pile_ons (
                id TEXT PRIMARY KEY,
                defender_id TEXT NOT NULL REFERENCES defenders(id),
                started_at BIGINT NOT NULL,
                last_seen_at BIGINT NOT NULL,
                coordinated BIGINT NOT NULL,
                action TEXT,
                acted_at BIGINT
            )
            """,
            "CREATE INDEX pile_ons_by_defender ON pile_ons (defender_id, last_seen_at)",
            """
            CREATE TABLE defender_partner_shares (
                defender_id TEXT NOT NULL REFERENCES defenders(id),
                partner_id TEXT NOT NULL REFERENCES partners(id),
                named_at BIGINT NOT NULL,
                recorded_by TEXT NOT NULL,
                PRIMARY KEY (defender_id, partner_id)
            )
            """,
            """
            CREATE TABLE pile_on_members (
                pile_on_id TEXT NOT NULL REFERENCES pile_ons(id),
                author_index TEXT NOT NULL,
                account_sealed TEXT NOT NULL,
                PRIMARY KEY (pile_on_id, author_index)
            )
            """,
        ]
    }
}
