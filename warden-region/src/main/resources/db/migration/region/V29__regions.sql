-- Regions: this node's place in a deployment, the deployment's members, join tokens (the control region's), and the
-- IAM change log (written by the control region, copied by every member as it applies it).

CREATE TABLE region_deployment (
    id              INTEGER NOT NULL PRIMARY KEY,
    role            TEXT    NOT NULL,
    deployment      TEXT    NOT NULL,
    control_region  TEXT    NOT NULL,
    audit_region    TEXT    NOT NULL,
    iam_public_key  TEXT    NOT NULL,
    applied_seq     BIGINT  NOT NULL,
    applied_hash    TEXT    NOT NULL,
    control_seq     BIGINT  NOT NULL,
    last_contact    BIGINT  NOT NULL,
    created_at      BIGINT  NOT NULL
);

CREATE TABLE region_members (
    region      TEXT    NOT NULL PRIMARY KEY,
    node        TEXT    NOT NULL,
    link_url    TEXT    NOT NULL,
    mqtt_url    TEXT    NOT NULL,
    root_pem    TEXT    NOT NULL,
    status      TEXT    NOT NULL,
    joined_at   BIGINT  NOT NULL
);

CREATE TABLE region_join_tokens (
    secret_hash  TEXT    NOT NULL PRIMARY KEY,
    region       TEXT    NOT NULL,
    expires_at   BIGINT  NOT NULL,
    used_at      BIGINT  NOT NULL,
    created_at   BIGINT  NOT NULL
);

CREATE TABLE region_iam_changes (
    seq         BIGINT  NOT NULL PRIMARY KEY,
    prev_hash   TEXT    NOT NULL,
    hash        TEXT    NOT NULL,
    body        TEXT    NOT NULL,
    signature   TEXT    NOT NULL,
    created_at  BIGINT  NOT NULL
);
