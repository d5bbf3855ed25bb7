-- Boot attestation. Nonces the node issued to things for their next attestation report: a used nonce is kept until
-- well after it expired, so that a replay is told apart from a nonce never issued.
CREATE TABLE firmware_attestation_nonces (
    region      TEXT    NOT NULL,
    nonce       TEXT    NOT NULL,
    thing       TEXT    NOT NULL,
    issued_at   BIGINT  NOT NULL,
    expires_at  BIGINT  NOT NULL,
    used        INTEGER NOT NULL,
    PRIMARY KEY (region, nonce)
);

CREATE INDEX firmware_attestation_nonces_thing ON firmware_attestation_nonces (region, thing, issued_at);

-- One row per attestation report the node judged: what the device claimed (never the token) and the verdict. The
-- minimum of an accepted report is the thing's anti-rollback floor from then on.
CREATE TABLE firmware_attestations (
    region        TEXT    NOT NULL,
    id            TEXT    NOT NULL,
    thing         TEXT    NOT NULL,
    -- The thing's reports in order (1, 2, ...): two in the same millisecond are still told apart.
    seq           BIGINT  NOT NULL,
    at            BIGINT  NOT NULL,
    verdict       TEXT    NOT NULL,
    reason        TEXT    NOT NULL,
    message       TEXT    NOT NULL,
    thing_type    TEXT,
    version       TEXT,
    digest        TEXT,
    min_version   TEXT,
    min_sort_key  TEXT,
    PRIMARY KEY (region, id)
);

CREATE UNIQUE INDEX firmware_attestations_thing ON firmware_attestations (region, thing, seq);
