/**
 * Versioned SQLite schema. A migration is never edited once released: a
 * change is a new entry, applied in order at start-up inside a transaction.
 * `summary` is what `schemagate migrate --check` lists as pending.
 */
export const SQLITE_MIGRATIONS: ReadonlyArray<{ version: number; summary: string; sql: string }> = [
  {
    version: 1,
    summary: 'schemas, subject versions, references, configs and modes',
    sql: `
      CREATE TABLE schemas (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        fingerprint TEXT NOT NULL UNIQUE,
        schema_type TEXT NOT NULL,
        schema TEXT NOT NULL,
        references_json TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE TABLE subject_versions (
        subject TEXT NOT NULL,
        version INTEGER NOT NULL,
        schema_id INTEGER NOT NULL REFERENCES schemas (id),
        deleted INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        PRIMARY KEY (subject, version)
      );
      CREATE INDEX subject_versions_by_schema ON subject_versions (schema_id);
      CREATE TABLE schema_references (
        schema_id INTEGER NOT NULL REFERENCES schemas (id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        subject TEXT NOT NULL,
        version INTEGER NOT NULL,
        PRIMARY KEY (schema_id, name)
      );
      CREATE INDEX schema_references_by_target ON schema_references (subject, version);
      CREATE TABLE configs (scope TEXT PRIMARY KEY, config_json TEXT NOT NULL);
      CREATE TABLE modes (scope TEXT PRIMARY KEY, mode TEXT NOT NULL);
    `,
  },
  {
    version: 2,
    summary: 'governance: validation reports, append-only failure events, compat ids, subject governance, settings',
    sql: `
      CREATE TABLE validation_reports (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        subject TEXT NOT NULL,
        created_at TEXT NOT NULL,
        report_json TEXT NOT NULL
      );
      CREATE INDEX validation_reports_by_subject ON validation_reports (subject, id);
      CREATE TABLE validation_failures (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        subject TEXT NOT NULL,
        mode TEXT NOT NULL,
        registered INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        report_json TEXT NOT NULL
      );
      CREATE INDEX validation_failures_by_subject ON validation_failures (subject, created_at);
      -- Failure events are the evidence canary windows are judged by: never rewritten.
      CREATE TRIGGER validation_failures_no_update BEFORE UPDATE ON validation_failures
        BEGIN SELECT RAISE(ABORT, 'validation_failures is append-only'); END;
      CREATE TRIGGER validation_failures_no_delete BEFORE DELETE ON validation_failures
        BEGIN SELECT RAISE(ABORT, 'validation_failures is append-only'); END;
      CREATE TABLE compat_ids (
        subject TEXT NOT NULL,
        major INTEGER NOT NULL,
        first_version INTEGER NOT NULL,
        last_version INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        bumped_by_json TEXT,
        PRIMARY KEY (subject, major)
      );
      CREATE TABLE subject_governance (
        subject TEXT PRIMARY KEY,
        governance_json TEXT NOT NULL
      );
      CREATE TABLE governance_settings (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        settings_json TEXT NOT NULL
      );
    `,
  },
  {
    version: 3,
    summary: 'change requests and the hash-chained audit log with its head',
    sql: `
      CREATE TABLE change_requests (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        state TEXT NOT NULL,
        revision INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        change_request_json TEXT NOT NULL
      );
      CREATE INDEX change_requests_by_state ON change_requests (state, id);
      -- The audit log: each row keeps the exact text that was hashed. A change
      -- request is promoted once, so it has at most one promotion entry.
      CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY,
        entry_json TEXT NOT NULL,
        hash TEXT NOT NULL,
        change_request_id INTEGER UNIQUE
      );
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
      -- Moved with every append: how a deleted last entry is noticed.
      CREATE TABLE audit_head (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        count INTEGER NOT NULL,
        hash TEXT NOT NULL
      );
    `,
  },
  {
    version: 4,
    summary: "change request samples move out of the change request's JSON into their own column",
    sql: `
      -- Sample records leave the change request's JSON: read only by its dry-run, never by a list.
      ALTER TABLE change_requests ADD COLUMN samples_json TEXT;
      UPDATE change_requests
        SET samples_json = json_extract(change_request_json, '$.samples'),
            change_request_json = json_remove(change_request_json, '$.samples')
        WHERE json_type(change_request_json, '$.samples') IS NOT NULL;
    `,
  },
  {
    version: 5,
    summary: 'the audit log accepts only the next entry of its chain (triggers), its head only moves one entry on',
    sql: `
      -- The audit log takes only the append path (docs/decisions/010): the next entry of the chain,
      -- whose hash is the SHA-256 of its text (schemagate_sha256 exists only in the registry's own
      -- connection, so another tool cannot insert at all), and the head only moves one entry on.
      CREATE TRIGGER audit_log_append_check BEFORE INSERT ON audit_log
        WHEN NEW.seq IS NOT (SELECT COALESCE(MAX(seq), 0) + 1 FROM audit_log)
          OR json_extract(NEW.entry_json, '$.seq') IS NOT NEW.seq
          OR json_extract(NEW.entry_json, '$.prevHash') IS NOT COALESCE((SELECT hash FROM audit_log WHERE seq = NEW.seq - 1), '${'0'.repeat(64)}')
          OR NEW.hash IS NOT schemagate_sha256(NEW.entry_json)
        BEGIN SELECT RAISE(ABORT, 'audit_log only takes the next entry of its chain'); END;
      CREATE TRIGGER audit_head_start_check BEFORE INSERT ON audit_head
        WHEN NEW.count IS NOT 1 OR NEW.hash IS NOT (SELECT hash FROM audit_log WHERE seq = 1)
        BEGIN SELECT RAISE(ABORT, 'audit_head starts at the first entry'); END;
      CREATE TRIGGER audit_head_move_check BEFORE UPDATE ON audit_head
        WHEN NEW.id IS NOT OLD.id OR NEW.count IS NOT OLD.count + 1 OR NEW.hash IS NOT (SELECT hash FROM audit_log WHERE seq = NEW.count)
        BEGIN SELECT RAISE(ABORT, 'audit_head only moves one entry on'); END;
      CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head
        BEGIN SELECT RAISE(ABORT, 'audit_head is never removed'); END;
    `,
  },
  {
    version: 6,
    summary: "a column for each audit entry's HMAC (audit.keyFile)",
    sql: `
      -- The HMAC of each entry's hash with the audit key, when one is set (audit.keyFile).
      ALTER TABLE audit_log ADD COLUMN mac TEXT;
    `,
  },
  {
    version: 7,
    summary: 'notifications: the event log, per-webhook deliveries and cursors',
    sql: `
      -- Governance events, appended in the transaction of the change they describe; key makes appending idempotent.
      CREATE TABLE notification_events (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        key TEXT NOT NULL UNIQUE,
        type TEXT NOT NULL,
        at TEXT NOT NULL,
        change_request_id INTEGER,
        event_json TEXT NOT NULL
      );
      CREATE INDEX notification_events_by_change_request ON notification_events (change_request_id, seq);
      CREATE TRIGGER notification_events_no_update BEFORE UPDATE ON notification_events
        BEGIN SELECT RAISE(ABORT, 'notification_events is append-only'); END;
      CREATE TRIGGER notification_events_no_delete BEFORE DELETE ON notification_events
        BEGIN SELECT RAISE(ABORT, 'notification_events is append-only'); END;
      -- Each webhook's fan-out position, and the notifier's failure scan.
      CREATE TABLE notification_cursors (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
      -- One row per event and webhook: the outbox the dispatcher delivers from.
      CREATE TABLE notification_deliveries (
        webhook_id TEXT NOT NULL,
        seq INTEGER NOT NULL REFERENCES notification_events (seq),
        state TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT NOT NULL,
        lease_until TEXT,
        last_error TEXT,
        delivered_at TEXT,
        PRIMARY KEY (webhook_id, seq)
      );
      CREATE INDEX notification_deliveries_pending ON notification_deliveries (state, webhook_id, seq);
    `,
  },
];
