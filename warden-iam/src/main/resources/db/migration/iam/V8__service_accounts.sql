-- Applications: service accounts authenticate with API keys that expire, can be rotated and revoked, and are
-- stored only hashed (the key is shown once, at creation).
CREATE TABLE service_accounts (
    name        TEXT    NOT NULL PRIMARY KEY,
    created_at  BIGINT  NOT NULL
);

CREATE TABLE api_keys (
    id          TEXT    NOT NULL PRIMARY KEY,
    account     TEXT    NOT NULL,
    key_hash    TEXT    NOT NULL UNIQUE,
    expires_at  BIGINT  NOT NULL,
    revoked     INTEGER NOT NULL,
    created_at  BIGINT  NOT NULL
);
