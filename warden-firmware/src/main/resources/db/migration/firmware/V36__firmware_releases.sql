-- Firmware releases: one row per (thing type, version), never deleted; a revoked release keeps its row (for the
-- audit trail and compliance's "devices running revoked firmware") and leaves the TUF targets metadata. The image
-- itself is in the firmware bucket, encrypted at rest, in parts no larger than a bucket object.
CREATE TABLE firmware_releases (
    region        TEXT    NOT NULL,
    thing_type    TEXT    NOT NULL,
    version       TEXT    NOT NULL,
    -- Numeric components, zero-padded, so that SQL orders versions as the platform compares them.
    sort_key      TEXT    NOT NULL,
    min_version   TEXT    NOT NULL,
    length        BIGINT  NOT NULL,
    sha256        TEXT    NOT NULL,
    sha512        TEXT    NOT NULL,
    hardware      TEXT    NOT NULL,
    parts         INTEGER NOT NULL,
    published_at  BIGINT  NOT NULL,
    published_by  TEXT    NOT NULL,
    revoked_at    BIGINT,
    revoked_by    TEXT,
    revoke_reason TEXT,
    PRIMARY KEY (region, thing_type, version)
);

-- 2.4 and 2.4.0 are one version: unique by the order key, not by the text.
CREATE UNIQUE INDEX firmware_releases_order ON firmware_releases (region, thing_type, sort_key);

-- The signed update metadata of each thing type's TUF repository, as served: N.root.json (every version: a device
-- walks the chain), N.targets.json and N.snapshot.json (consistent snapshots), timestamp.json (the newest only).
CREATE TABLE firmware_tuf_files (
    region      TEXT    NOT NULL,
    thing_type  TEXT    NOT NULL,
    name        TEXT    NOT NULL,
    role        TEXT    NOT NULL,
    version     BIGINT  NOT NULL,
    content     TEXT    NOT NULL,
    written_at  BIGINT  NOT NULL,
    PRIMARY KEY (region, thing_type, name)
);
