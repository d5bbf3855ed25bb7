-- The deployment root (issue 24): the control region's root cross-certifies every member's root, so that one root
-- verifies every region's gateways and devices. The control region keeps the cross certificate it issued for each
-- member; a member keeps its own (the one row for its own region). Public material only.

CREATE TABLE region_cross_certificates (
    region     TEXT    NOT NULL PRIMARY KEY,
    cross_pem  TEXT    NOT NULL,
    issued_at  BIGINT  NOT NULL
);
