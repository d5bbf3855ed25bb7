-- Key management (warden-kms). Nothing here is usable without the region's master key, which never touches the
-- database: key-encryption keysets are stored only encrypted by it, data keys only wrapped by a key-encryption key.
-- Binary values are base64 TEXT and times epoch milliseconds so that the same SQL runs on SQLite and PostgreSQL.

-- Key-encryption keys: one Tink keyset per named key; rotation appends a version (a Tink key) to the keyset.
CREATE TABLE kms_keys (
    arn               TEXT    NOT NULL PRIMARY KEY,
    region            TEXT    NOT NULL,
    account           TEXT    NOT NULL,
    name              TEXT    NOT NULL,
    description       TEXT    NOT NULL,
    status            TEXT    NOT NULL,
    master_key_id     TEXT    NOT NULL,
    encrypted_keyset  TEXT,
    primary_version   INTEGER NOT NULL,
    versions          INTEGER NOT NULL,
    created_at        BIGINT  NOT NULL,
    rotated_at        BIGINT,
    deletion_at       BIGINT,
    UNIQUE (region, name)
);

-- Data keys, one per owner and key-encryption key, wrapped under the version named by kek_version.
CREATE TABLE kms_data_keys (
    region       TEXT    NOT NULL,
    owner        TEXT    NOT NULL,
    key_arn      TEXT    NOT NULL,
    kek_version  INTEGER NOT NULL,
    wrapped_key  TEXT    NOT NULL,
    created_at   BIGINT  NOT NULL,
    rewrapped_at BIGINT,
    PRIMARY KEY (region, owner, key_arn)
);
CREATE INDEX kms_data_keys_key ON kms_data_keys (key_arn, kek_version);

-- Owners whose data keys were destroyed (crypto-shredding): kept so that reads fail with a precise reason and no
-- new data key is silently created for them.
CREATE TABLE kms_shredded_owners (
    region        TEXT    NOT NULL,
    owner         TEXT    NOT NULL,
    destroyed_at  BIGINT  NOT NULL,
    PRIMARY KEY (region, owner)
);

-- Secrets manager: values live only in kms_secret_versions.ciphertext, encrypted under the secret's own data key.
CREATE TABLE kms_secrets (
    region        TEXT    NOT NULL,
    name          TEXT    NOT NULL,
    arn           TEXT    NOT NULL,
    secret_id     TEXT    NOT NULL,
    key_arn       TEXT    NOT NULL,
    description   TEXT    NOT NULL,
    created_at    BIGINT  NOT NULL,
    updated_at    BIGINT  NOT NULL,
    rotated_at    BIGINT,
    PRIMARY KEY (region, name)
);

CREATE TABLE kms_secret_versions (
    region        TEXT    NOT NULL,
    name          TEXT    NOT NULL,
    version_id    TEXT    NOT NULL,
    ciphertext    TEXT    NOT NULL,
    created_at    BIGINT  NOT NULL,
    PRIMARY KEY (region, name, version_id)
);

CREATE TABLE kms_secret_labels (
    region        TEXT    NOT NULL,
    name          TEXT    NOT NULL,
    label         TEXT    NOT NULL,
    version_id    TEXT    NOT NULL,
    PRIMARY KEY (region, name, label)
);
