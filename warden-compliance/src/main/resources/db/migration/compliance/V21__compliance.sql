-- Continuous compliance (warden-compliance, dev.warden.compliance.store): findings with their lifecycle, the
-- suppressions that set them aside, the history of runs (the reports' chart), and what the checks keep between runs
-- from the audit trail (when each credential was last used, recent session take-overs, how far the trail was read).
-- Times are epoch milliseconds; the same SQL runs on SQLite and PostgreSQL. Compliance never writes another
-- capability's tables: these are its only ones.

-- One row per occurrence of a finding. At most one row per (check_id, resource) is active (status open or
-- suppressed); a finding that resolves keeps its row (status resolved, resolved_at) and a later occurrence of the
-- same check on the same resource is a new row. fix is the Fix as JSON, or NULL when no one command fixes it.
CREATE TABLE compliance_findings (
    id              BIGINT  NOT NULL PRIMARY KEY,
    check_id        TEXT    NOT NULL,
    resource        TEXT    NOT NULL,
    severity        TEXT    NOT NULL,
    reason          TEXT    NOT NULL,
    detail          TEXT    NOT NULL,
    remediation     TEXT    NOT NULL,
    fix             TEXT,
    status          TEXT    NOT NULL,
    suppression_id  BIGINT,
    first_seen      BIGINT  NOT NULL,
    last_seen       BIGINT  NOT NULL,
    resolved_at     BIGINT
);
CREATE INDEX compliance_findings_by_status ON compliance_findings (status, check_id);
CREATE INDEX compliance_findings_by_key ON compliance_findings (check_id, resource);

-- A suppression matches a finding of its check (NULL: any check) on its resource (exact, or a pattern where * stands
-- for any characters) until it expires. finding_id names the finding it was made from (NULL for a pattern).
-- baseline: taken by "accept what exists today". Expired rows stay as history; they match nothing.
CREATE TABLE compliance_suppressions (
    id          BIGINT  NOT NULL PRIMARY KEY,
    finding_id  BIGINT,
    check_id    TEXT,
    resource    TEXT    NOT NULL,
    reason      TEXT    NOT NULL,
    owner       TEXT    NOT NULL,
    expires_at  BIGINT  NOT NULL,
    baseline    INTEGER NOT NULL,
    created_at  BIGINT  NOT NULL
);

-- One row per run. trigger: change, scheduled, manual, fix. checks: the check ids evaluated, comma-separated.
-- failed: the checks that threw (their findings were left as they were). open_*: open findings after the run.
CREATE TABLE compliance_runs (
    id             BIGINT  NOT NULL PRIMARY KEY,
    started_at     BIGINT  NOT NULL,
    trigger_kind   TEXT    NOT NULL,
    checks         TEXT    NOT NULL,
    failed         TEXT    NOT NULL,
    duration_ms    BIGINT  NOT NULL,
    opened         INTEGER NOT NULL,
    resolved       INTEGER NOT NULL,
    open_critical  INTEGER NOT NULL,
    open_high      INTEGER NOT NULL,
    open_medium    INTEGER NOT NULL,
    open_low       INTEGER NOT NULL
);
CREATE INDEX compliance_runs_by_time ON compliance_runs (started_at);

-- When each credential was first and last used, as far as the trail was read: kind is cert (a device or
-- service-account certificate, by serial), apikey, admin (an admin credential) or user (a password, by user name).
CREATE TABLE compliance_usage (
    kind        TEXT    NOT NULL,
    id          TEXT    NOT NULL,
    first_used  BIGINT  NOT NULL,
    last_used   BIGINT  NOT NULL,
    PRIMARY KEY (kind, id)
);

-- Session take-overs read from the trail (iot:SessionTakenOver), kept for the take-over window only.
CREATE TABLE compliance_takeovers (
    seq                 BIGINT  NOT NULL PRIMARY KEY,
    taken_at            BIGINT  NOT NULL,
    client_id           TEXT    NOT NULL,
    thing               TEXT,
    serial              TEXT,
    source_ip           TEXT,
    previous_thing      TEXT,
    previous_serial     TEXT,
    previous_source_ip  TEXT
);
CREATE INDEX compliance_takeovers_by_time ON compliance_takeovers (taken_at);

-- Cursors kept across restarts: how far the trail was read for usage, and verified for AUDIT_CHAIN_BROKEN.
CREATE TABLE compliance_state (
    name   TEXT    NOT NULL PRIMARY KEY,
    value  BIGINT  NOT NULL
);
