-- This node as a witness of other nodes' audit trails (keyed by the witnessed region).
-- The keys whose checkpoints it countersigns: trusted on first use (source 'first-use') or pinned.
CREATE TABLE audit_witness_keys (
    witnessed_region TEXT   NOT NULL,
    key_id           TEXT   NOT NULL,
    public_key       TEXT   NOT NULL,
    source           TEXT   NOT NULL,
    trusted_at_ns    BIGINT NOT NULL,
    PRIMARY KEY (witnessed_region, key_id)
);

-- The last checkpoint accepted per witnessed region (what the next one must extend) and this node's cosignature.
-- Replaced only by a conditional update on digest_seq, so two concurrent submissions cannot both win.
CREATE TABLE audit_witness_state (
    witnessed_region   TEXT   NOT NULL PRIMARY KEY,
    digest_seq         BIGINT NOT NULL,
    epoch              BIGINT NOT NULL,
    tree_size          BIGINT NOT NULL,
    merkle_root        TEXT   NOT NULL,
    checkpoint_hash    TEXT   NOT NULL,
    checkpoint         TEXT   NOT NULL,
    witness_key_id     TEXT   NOT NULL,
    witnessed_at_ns    BIGINT NOT NULL,
    cosignature        TEXT   NOT NULL
);
