-- Central audit, kept by the audit region: each member region's audit chain as it shipped it (events and signed
-- checkpoints, verified batch by batch on arrival, never rewritten), and the audit-signing public keys pinned for it.
-- Same columns as audit_events and audit_digests, so that a row decodes and hashes as the region's own trail does;
-- separate tables, so that the node's own trail (its writer, its seal, its start check) never sees another region's.

CREATE TABLE region_audit_events (
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
    received_at         BIGINT  NOT NULL,
    PRIMARY KEY (region, seq)
);

CREATE INDEX region_audit_events_time ON region_audit_events (region, time_ns);

CREATE TABLE region_audit_digests (
    region               TEXT    NOT NULL,
    digest_seq           BIGINT  NOT NULL,
    from_seq             BIGINT  NOT NULL,
    to_seq               BIGINT  NOT NULL,
    head_hash            TEXT    NOT NULL,
    previous_digest_hash TEXT    NOT NULL,
    created_at_ns        BIGINT  NOT NULL,
    key_id               TEXT    NOT NULL,
    signature            TEXT    NOT NULL,
    epoch                BIGINT  NOT NULL,
    merkle_root          TEXT,
    received_at          BIGINT  NOT NULL,
    PRIMARY KEY (region, digest_seq)
);

-- A region's audit-signing keys, oldest first (position), each valid for its range of checkpoints: pinned from the
-- join request, later ones from a rotation the region's chain records and a pinned key signed.
CREATE TABLE region_audit_keys (
    region           TEXT    NOT NULL,
    position         INTEGER NOT NULL,
    key_id           TEXT    NOT NULL,
    public_key       TEXT    NOT NULL,
    from_digest_seq  BIGINT  NOT NULL,
    to_digest_seq    BIGINT,
    created_at       BIGINT  NOT NULL,
    source           TEXT    NOT NULL,
    PRIMARY KEY (region, position)
);
