-- Operators' bans of the MQTT gateway (source IP, client ID or thing), kept across restarts until they expire.
-- Automatic bans (failed handshakes or authentications) live in the gateway's memory only.
CREATE TABLE gateway_bans (
    kind        TEXT    NOT NULL,
    target      TEXT    NOT NULL,
    expires_at  BIGINT  NOT NULL,
    reason      TEXT    NOT NULL,
    created_by  TEXT    NOT NULL,
    created_at  BIGINT  NOT NULL,
    PRIMARY KEY (kind, target)
);
