-- Revocations made in a standby while it serves a failed region's devices (failover): enforced there at once, on the
-- replica, and handed to the home region at failback before any device is sent home. A row is deleted once home has
-- revoked the certificate itself.
CREATE TABLE region_guest_revocations (
    home_region  TEXT    NOT NULL,
    serial       TEXT    NOT NULL,
    reason       TEXT    NOT NULL,
    revoked_at   BIGINT  NOT NULL,
    revoked_by   TEXT    NOT NULL,
    PRIMARY KEY (home_region, serial)
);
