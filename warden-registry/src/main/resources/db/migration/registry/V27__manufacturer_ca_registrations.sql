-- Which manufacturer CA registered each certificate (and so its thing) by just-in-time provisioning, so that the
-- things of a compromised CA can be listed and quarantined. Recorded from this version on; for certificates
-- registered earlier the registry checks which CA signed them.
CREATE TABLE manufacturer_ca_registrations (
    serial          TEXT    NOT NULL PRIMARY KEY,
    ca_fingerprint  TEXT    NOT NULL,
    thing_name      TEXT    NOT NULL,
    created_at      BIGINT  NOT NULL
);
CREATE INDEX manufacturer_ca_registrations_ca ON manufacturer_ca_registrations (ca_fingerprint);
