-- Device data at rest (warden-server, dev.warden.server.telemetry). Payloads are stored only encrypted, each thing's
-- under its own data key, so that destroying that key (crypto-shredding) makes all of the thing's records unreadable
-- wherever copies of them went. Binary values are base64 TEXT and times epoch milliseconds (SQLite and PostgreSQL).

-- One data key per thing and region, stored only wrapped by the KMS (owner thing/<name>); deleted on erasure.
CREATE TABLE telemetry_keys (
    region       TEXT    NOT NULL,
    thing        TEXT    NOT NULL,
    wrapped_key  TEXT    NOT NULL,
    created_at   BIGINT  NOT NULL,
    PRIMARY KEY (region, thing)
);

-- One row per accepted PUBLISH. The ciphertext's associated data binds it to id, region, thing, topic and time:
-- a ciphertext moved to another row fails to decrypt. seq orders messages received in the same millisecond.
CREATE TABLE telemetry (
    id           TEXT    NOT NULL PRIMARY KEY,
    region       TEXT    NOT NULL,
    thing        TEXT    NOT NULL,
    received_at  BIGINT  NOT NULL,
    seq          BIGINT  NOT NULL,
    topic        TEXT    NOT NULL,
    ciphertext   TEXT    NOT NULL
);
CREATE INDEX telemetry_by_thing ON telemetry (region, thing, received_at, seq);
CREATE INDEX telemetry_by_time ON telemetry (received_at);
