-- Buckets (warden-server, dev.warden.server.buckets): named containers for device files such as firmware images,
-- each with an optional resource policy and retention. Object contents are stored only encrypted, under the
-- bucket's own data key (wrapped by the region's KMS, owner bucket/<name>/<bucket_id>); a deleted bucket's key is
-- crypto-shredded. Object keys, sizes and content types are metadata and stored as given (as in S3).
CREATE TABLE buckets (
    region          TEXT    NOT NULL,
    name            TEXT    NOT NULL,
    bucket_id       TEXT    NOT NULL UNIQUE,
    wrapped_key     TEXT    NOT NULL,
    policy          TEXT,
    retention_days  INTEGER,
    created_at      BIGINT  NOT NULL,
    PRIMARY KEY (region, name)
);

-- One row per object. The ciphertext's associated data binds it to region, bucket, bucket id, key and object id:
-- a ciphertext moved to another key or bucket fails to decrypt.
CREATE TABLE bucket_objects (
    region        TEXT    NOT NULL,
    bucket_id     TEXT    NOT NULL,
    object_key    TEXT    NOT NULL,
    object_id     TEXT    NOT NULL,
    size          BIGINT  NOT NULL,
    content_type  TEXT    NOT NULL,
    ciphertext    TEXT    NOT NULL,
    created_at    BIGINT  NOT NULL,
    PRIMARY KEY (region, bucket_id, object_key)
);
CREATE INDEX bucket_objects_by_time ON bucket_objects (bucket_id, created_at);

-- Account-level settings, e.g. Block Public Access (absent row = the secure default).
CREATE TABLE account_settings (
    region      TEXT    NOT NULL,
    account     TEXT    NOT NULL,
    name        TEXT    NOT NULL,
    value       TEXT    NOT NULL,
    updated_at  BIGINT  NOT NULL,
    PRIMARY KEY (region, account, name)
);
