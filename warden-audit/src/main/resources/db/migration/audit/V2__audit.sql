-- The audit trail: one hash chain per region, append-only for the application (no UPDATE or DELETE path exists in
-- the code). Hashes are hex text and times epoch nanoseconds so that the same SQL runs on SQLite and PostgreSQL.

CREATE TABLE audit_events (
    region              TEXT    NOT NULL,
    seq                 BIGINT  NOT NULL,
    event_id            TEXT    NOT NULL,
    time_ns             BIGINT  NOT NULL,
    node                TEXT    NOT NULL,
    principal_type      TEXT    NOT NULL,
    principal_id        TEXT    NOT NULL,
    principal_credential TEXT,
    source_ip           TEXT,
    action              TEXT    NOT NULL,
    resource            TEXT,
    result              TEXT    NOT NULL,
    deciding_statement  TEXT,
    request_id          TEXT,
    details             TEXT    NOT NULL,
    hash                TEXT    NOT NULL,
    PRIMARY KEY (region, seq)
);

-- One secondary index only: every index costs each append (three cut SQLite's group commit from ~180k to ~100k
-- rows/s), and lookups narrow by time window first.
CREATE INDEX audit_events_time ON audit_events (region, time_ns);

CREATE TABLE audit_digests (
    region               TEXT    NOT NULL,
    digest_seq           BIGINT  NOT NULL,
    from_seq             BIGINT  NOT NULL,
    to_seq               BIGINT  NOT NULL,
    head_hash            TEXT    NOT NULL,
    previous_digest_hash TEXT    NOT NULL,
    created_at_ns        BIGINT  NOT NULL,
    key_id               TEXT    NOT NULL,
    signature            TEXT    NOT NULL,
    PRIMARY KEY (region, digest_seq)
);
