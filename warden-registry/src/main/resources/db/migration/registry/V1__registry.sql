-- Registry of things, certificates and provisioning. The same SQL runs on SQLite and PostgreSQL:
-- TEXT / BIGINT / INTEGER only, times as epoch milliseconds, no vendor types.

CREATE TABLE things (
    name          TEXT    NOT NULL PRIMARY KEY,
    region        TEXT    NOT NULL,
    account       TEXT    NOT NULL,
    thing_type    TEXT,
    attributes    TEXT    NOT NULL,
    created_at    BIGINT  NOT NULL
);

CREATE TABLE certificates (
    serial             TEXT    NOT NULL PRIMARY KEY,
    fingerprint        TEXT    NOT NULL UNIQUE,
    region             TEXT    NOT NULL,
    kind               TEXT    NOT NULL,
    subject_cn         TEXT    NOT NULL,
    status             TEXT    NOT NULL,
    thing_name         TEXT,
    claim_name         TEXT,
    not_before         BIGINT  NOT NULL,
    not_after          BIGINT  NOT NULL,
    pem                TEXT    NOT NULL,
    created_at         BIGINT  NOT NULL,
    status_changed_at  BIGINT  NOT NULL,
    revoked_at         BIGINT,
    revocation_reason  TEXT,
    deactivate_at      BIGINT,
    replaced_by        TEXT
);
CREATE INDEX certificates_thing ON certificates (thing_name);
CREATE INDEX certificates_status ON certificates (status);

CREATE TABLE policies (
    name        TEXT    NOT NULL PRIMARY KEY,
    document    TEXT    NOT NULL,
    built_in    INTEGER NOT NULL,
    created_at  BIGINT  NOT NULL,
    updated_at  BIGINT  NOT NULL
);

CREATE TABLE thing_policies (
    thing_name   TEXT NOT NULL,
    policy_name  TEXT NOT NULL,
    PRIMARY KEY (thing_name, policy_name)
);

CREATE TABLE provisioning_templates (
    name             TEXT    NOT NULL PRIMARY KEY,
    name_pattern     TEXT    NOT NULL,
    thing_type       TEXT,
    attributes       TEXT    NOT NULL,
    allowed_regions  TEXT    NOT NULL,
    policy_name      TEXT    NOT NULL,
    initial_status   TEXT    NOT NULL,
    hook_type        TEXT    NOT NULL,
    hook_config      TEXT    NOT NULL,
    enabled          INTEGER NOT NULL,
    created_at       BIGINT  NOT NULL
);

CREATE TABLE claims (
    name           TEXT    NOT NULL PRIMARY KEY,
    kind           TEXT    NOT NULL,
    template_name  TEXT    NOT NULL,
    status         TEXT    NOT NULL,
    token_hash     TEXT    UNIQUE,
    max_uses       INTEGER,
    uses           INTEGER NOT NULL,
    expires_at     BIGINT,
    created_at     BIGINT  NOT NULL
);

CREATE TABLE manufacturer_cas (
    fingerprint    TEXT    NOT NULL PRIMARY KEY,
    subject        TEXT    NOT NULL,
    pem            TEXT    NOT NULL,
    template_name  TEXT    NOT NULL,
    status         TEXT    NOT NULL,
    created_at     BIGINT  NOT NULL
);

CREATE TABLE admin_credentials (
    id          TEXT    NOT NULL PRIMARY KEY,
    token_hash  TEXT    NOT NULL UNIQUE,
    status      TEXT    NOT NULL,
    created_at  BIGINT  NOT NULL
);

CREATE TABLE crl_state (
    region      TEXT    NOT NULL PRIMARY KEY,
    crl_number  BIGINT  NOT NULL,
    updated_at  BIGINT  NOT NULL
);
