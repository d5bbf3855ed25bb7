-- Failover within a jurisdiction: a region may name a standby (in the membership, set by the control region). The
-- standby keeps a replica of its certificate status and device policies while it is up; when an operator declares
-- the region failed over, the standby serves its devices from that replica, keeps their data apart, and hands it
-- back when the region returns. Every step is audited in the region where it happens.

ALTER TABLE region_members ADD COLUMN standby TEXT NOT NULL DEFAULT '';

-- The replica (standby side): each home region's device certificates, as its home last answered.
CREATE TABLE region_standby_devices (
    home_region  TEXT    NOT NULL,
    serial       TEXT    NOT NULL,
    fingerprint  TEXT    NOT NULL,
    thing        TEXT    NOT NULL,
    status       TEXT    NOT NULL,
    attributes   TEXT    NOT NULL,
    policies     TEXT    NOT NULL,
    PRIMARY KEY (home_region, serial)
);

CREATE TABLE region_standby_policies (
    home_region  TEXT    NOT NULL,
    name         TEXT    NOT NULL,
    document     TEXT    NOT NULL,
    PRIMARY KEY (home_region, name)
);

CREATE TABLE region_standby_sync (
    home_region  TEXT    NOT NULL PRIMARY KEY,
    version      TEXT    NOT NULL,
    devices      INTEGER NOT NULL,
    synced_at    BIGINT  NOT NULL
);

-- Failovers this region serves (standby side): ACTIVE while it serves the home region's devices.
CREATE TABLE region_failovers (
    home_region  TEXT    NOT NULL PRIMARY KEY,
    state        TEXT    NOT NULL,
    declared_at  BIGINT  NOT NULL,
    declared_by  TEXT    NOT NULL
);

-- Handed-back segments (home side): each is stored once, however often the standby sends it.
CREATE TABLE region_handbacks (
    source_region  TEXT    NOT NULL,
    segment_id     TEXT    NOT NULL,
    messages       INTEGER NOT NULL,
    received_at    BIGINT  NOT NULL,
    PRIMARY KEY (source_region, segment_id)
);
