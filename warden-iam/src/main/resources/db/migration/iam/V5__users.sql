-- People: Argon2id password hashes, TOTP MFA (the seed stored only encrypted by the KMS), lockout with backoff,
-- and revocable refresh tokens (stored only hashed).
CREATE TABLE users (
    name                TEXT    NOT NULL PRIMARY KEY,
    password_hash       TEXT    NOT NULL,
    mfa_secret          TEXT,
    mfa_enabled         INTEGER NOT NULL,
    mfa_last_step       BIGINT  NOT NULL,
    recovery_codes      TEXT,
    failed_logins       INTEGER NOT NULL,
    locked_until        BIGINT  NOT NULL,
    created_at          BIGINT  NOT NULL
);

CREATE TABLE refresh_tokens (
    token_hash   TEXT    NOT NULL PRIMARY KEY,
    user_name    TEXT    NOT NULL,
    mfa          INTEGER NOT NULL,
    expires_at   BIGINT  NOT NULL,
    revoked      INTEGER NOT NULL,
    created_at   BIGINT  NOT NULL
);
