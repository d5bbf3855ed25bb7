-- Checkpoints (signed digests, now also on a heartbeat): the chain epoch and the RFC 9162 Merkle root they sign,
-- and the tree's frontier at their size (not signed: it only lets a writer resume and compute consistency proofs).
ALTER TABLE audit_digests ADD COLUMN epoch BIGINT NOT NULL DEFAULT 0;
ALTER TABLE audit_digests ADD COLUMN merkle_root TEXT;
ALTER TABLE audit_digests ADD COLUMN tree_frontier TEXT;

-- The head seal: a MAC over the chain head, replaced in the same transaction as every append, with a key the
-- database does not hold. A restarting node signs its unsigned tail only up to a head it sealed.
CREATE TABLE audit_seals (
    region TEXT   NOT NULL PRIMARY KEY,
    seq    BIGINT NOT NULL,
    hash   TEXT   NOT NULL,
    seal   TEXT   NOT NULL
);

-- Events the node found in its trail but had not written: moved here, as evidence, in the transaction that records
-- audit:TrailTampered in the chain. Nothing else ever writes this table.
CREATE TABLE audit_quarantine (
    region              TEXT    NOT NULL,
    recorded_at_seq     BIGINT  NOT NULL,
    seq                 BIGINT  NOT NULL,
    event_id            TEXT,
    time_ns             BIGINT,
    node                TEXT,
    principal_type      TEXT,
    principal_id        TEXT,
    principal_credential TEXT,
    source_ip           TEXT,
    action              TEXT,
    resource            TEXT,
    result              TEXT,
    deciding_statement  TEXT,
    request_id          TEXT,
    details             TEXT,
    hash                TEXT,
    PRIMARY KEY (region, recorded_at_seq, seq)
);
