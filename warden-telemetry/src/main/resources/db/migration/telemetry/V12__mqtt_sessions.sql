-- Persistent MQTT sessions, kept across a restart of the node (warden-gateway's SessionStore, implemented by
-- dev.warden.server.gateway.EncryptedSessionStore). Whatever a device put into a session (subscriptions with their
-- topic filters; held messages with topic, payload and properties) is stored only encrypted under the thing's data
-- key (KMS owner thing/<name>), its associated data binding it to region, thing, client ID and record, so that
-- erasing the thing (crypto-shredding) makes it unreadable. Binary values are base64 TEXT, times epoch ms.

-- One row per persistent session. disconnected_at is 0 while a client is connected; expiry runs from it.
CREATE TABLE mqtt_sessions (
    region           TEXT    NOT NULL,
    client_id        TEXT    NOT NULL,
    thing            TEXT    NOT NULL,
    expiry_seconds   BIGINT  NOT NULL,
    disconnected_at  BIGINT  NOT NULL,
    subscriptions    TEXT    NOT NULL,
    updated_at       BIGINT  NOT NULL,
    PRIMARY KEY (region, client_id)
);
CREATE INDEX mqtt_sessions_by_thing ON mqtt_sessions (region, thing);

-- QoS 1/2 messages a session holds: queued (packet_id 0), or sent and awaiting PUBACK/PUBREC, or (released 1)
-- past PUBREC and awaiting PUBCOMP. seq orders them and names them in the ciphertext's associated data.
CREATE TABLE mqtt_session_messages (
    region     TEXT     NOT NULL,
    client_id  TEXT     NOT NULL,
    seq        BIGINT   NOT NULL,
    thing      TEXT     NOT NULL,
    packet_id  INTEGER  NOT NULL,
    released   INTEGER  NOT NULL,
    message    TEXT     NOT NULL,
    PRIMARY KEY (region, client_id, seq)
);
CREATE INDEX mqtt_session_messages_by_thing ON mqtt_session_messages (region, thing);
