-- Retained MQTT messages and the wills clients left waiting (MQTT 5 will delay), kept across a restart of the node
-- like the sessions of V12 (dev.warden.server.gateway.EncryptedSessionStore). Both are device data: a retained
-- message (topic, payload, properties, expiry) is stored only encrypted under the data key of the thing that
-- published it, a will under its session's thing's key, so erasing the thing makes them unreadable. Binary values are
-- base64 TEXT, times epoch ms.

-- One row per retained message. id is random: no column says or lets one test which topic a row is about (the broker
-- remembers the id it gave each topic). stored_at only orders the rows when they are loaded.
CREATE TABLE mqtt_retained (
    region     TEXT    NOT NULL,
    id         TEXT    NOT NULL,
    thing      TEXT    NOT NULL,
    message    TEXT    NOT NULL,
    stored_at  BIGINT  NOT NULL,
    PRIMARY KEY (region, id)
);
CREATE INDEX mqtt_retained_by_thing ON mqtt_retained (region, thing);

-- At most one pending will per persistent session (mqtt_sessions), published at due_at unless its client comes back.
CREATE TABLE mqtt_session_wills (
    region     TEXT    NOT NULL,
    client_id  TEXT    NOT NULL,
    thing      TEXT    NOT NULL,
    due_at     BIGINT  NOT NULL,
    will       TEXT    NOT NULL,
    PRIMARY KEY (region, client_id)
);
CREATE INDEX mqtt_session_wills_by_thing ON mqtt_session_wills (region, thing);
