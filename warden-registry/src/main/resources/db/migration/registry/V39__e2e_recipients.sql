-- Recipients of end-to-end sealed payloads (applications): the public keyset devices seal to, published by the
-- application through the admin API. Public keys only: the private keyset never reaches the platform.
CREATE TABLE e2e_recipients (
    region         TEXT    NOT NULL,
    name           TEXT    NOT NULL,
    public_keyset  TEXT    NOT NULL,
    primary_key_id BIGINT  NOT NULL,
    updated_at     BIGINT  NOT NULL,
    updated_by     TEXT    NOT NULL,
    PRIMARY KEY (region, name)
);
