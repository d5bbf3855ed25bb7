-- Device data at rest in segments (warden-server, dev.warden.server.telemetry.TelemetrySegment): the messages of one
-- thing that the telemetry writer stores in one transaction are sealed together, under the thing's data key, into one
-- row. Under load a thing sends many messages per writer batch, so this stores one row and one ciphertext where there
-- were tens (storage was the largest part of the gateway's CPU per message). Everything a message has but its thing
-- and time (its id, topic and payload) is inside the ciphertext. The associated data binds the ciphertext to id,
-- region, thing, first_at, last_at and messages.
--
-- A segment spans at most 60 s (last_at - first_at), so a query for [from, to) reads segments with
-- first_at in [from - 60 s, to) through telemetry_segments_by_thing. Rows written before this migration stay in
-- telemetry (V6) and are read, expired and erased with the segments.
CREATE TABLE telemetry_segments (
    id           TEXT    NOT NULL PRIMARY KEY,
    region       TEXT    NOT NULL,
    thing        TEXT    NOT NULL,
    first_at     BIGINT  NOT NULL,
    last_at      BIGINT  NOT NULL,
    messages     INTEGER NOT NULL,
    ciphertext   TEXT    NOT NULL
);
CREATE INDEX telemetry_segments_by_thing ON telemetry_segments (region, thing, first_at);
CREATE INDEX telemetry_segments_by_time ON telemetry_segments (last_at);
